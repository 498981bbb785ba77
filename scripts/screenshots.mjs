// Takes the README's screenshots of a built site in Debian's Chromium (through the browser
// tests' playwright-core): the home page, a session, a lesson and the agenda at 1280 px and
// 390 px wide in light mode, and the session in dark mode. Viewport shots, not whole pages,
// so the PNGs stay small. Run by scripts/screenshots.sh, which builds the demo site first.
// Usage: node scripts/screenshots.mjs PUBLIC_DIR OUT_DIR [NAME=PATH...]
// With NAME=PATH pairs, those pages instead (1280 and 390 px, light); a NAME ending in `-menu`
// is taken with the header's menu open.
import fs from 'node:fs';
import path from 'node:path';
import { launch, requireSite, serve } from '../tests/browser/lib.mjs';

const [dir, outDir, ...chosen] = process.argv.slice(2);
requireSite(dir);
if (!outDir) { console.error('usage: node scripts/screenshots.mjs PUBLIC_DIR OUT_DIR'); process.exit(2); }
fs.mkdirSync(outDir, { recursive: true });

const pages = chosen.length > 0 ? chosen.map((c) => c.split('=')) : [
  ['home', '/'],
  ['session', '/sessions/session-11/'],
  ['lesson', '/parcours/decouvrir-le-lab/nos-valeurs/'],
  ['agenda', '/agenda/'],
];
const modes = [
  { suffix: '1280', scheme: 'light', options: { viewport: { width: 1280, height: 800 } }, only: null },
  { suffix: '390', scheme: 'light', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, only: null },
  { suffix: '1280-dark', scheme: 'dark', options: { viewport: { width: 1280, height: 800 } }, only: chosen.length > 0 ? [] : ['session'] },
];

const server = await serve(dir);
try {
  for (const mode of modes) {
    const browser = await launch({ colorScheme: mode.scheme, deviceScaleFactor: 1, reducedMotion: 'reduce', ...mode.options });
    for (const [name, p] of pages) {
      if (mode.only && !mode.only.includes(name)) continue;
      const response = await browser.page.goto(server.base + p, { waitUntil: 'load' });
      if (!response || response.status() >= 400) throw new Error(`${p}: status ${response && response.status()}`);
      if (name.endsWith('-menu')) {
        if (!(await browser.page.locator('.nav-toggle').isVisible())) continue;
        await browser.page.click('.nav-toggle');
      }
      const file = path.join(outDir, `${name}-${mode.suffix}.png`);
      await browser.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      console.log(`${file} (${fs.statSync(file).size} bytes)`);
    }
    await browser.close();
  }
} finally {
  server.close();
}
