// Runs axe-core (WCAG 2.1 A and AA) on every HTML page of a built site, in Debian's Chromium,
// in light mode, dark mode, and at 390 px wide. Usage: node a11y.mjs PUBLIC_DIR [PAGE...]
// (with PAGEs, such as /agenda/, only those pages).
// Prints one line per violation and a summary; exits 1 on any violation, 2 on a setup problem.
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, requireSite, serve } from './lib.mjs';

const dir = process.argv[2];
requireSite(dir);
const server = await serve(dir);
const base = server.base;

function pages(root, sub = '') {
  return fs.readdirSync(path.join(root, sub), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(sub, e.name);
    if (e.isDirectory()) return pages(root, rel);
    if (!e.name.endsWith('.html')) return [];
    const html = fs.readFileSync(path.join(root, rel), 'utf8');
    if (html.includes('http-equiv="refresh"')) return []; // alias redirects
    return ['/' + rel.replace(/index\.html$/, '')];
  }).sort();
}

const modes = [
  { name: 'light', colorScheme: 'light', viewport: { width: 1280, height: 900 } },
  { name: 'dark', colorScheme: 'dark', viewport: { width: 1280, height: 900 } },
  { name: '390px', colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];
let violations = 0;
let checked = 0;
const list = process.argv.length > 3 ? process.argv.slice(3) : pages(dir);
try {
  for (const mode of modes) {
    const browser = await launch({
      colorScheme: mode.colorScheme,
      viewport: mode.viewport,
      isMobile: mode.isMobile || false,
      hasTouch: mode.hasTouch || false,
    });
    const page = browser.page;
    for (const p of list) {
      const response = await page.goto(base + p, { waitUntil: 'load' });
      if (!response || response.status() >= 400) {
        console.log(`PAGE-ERROR ${mode.name} ${p} status=${response && response.status()}`);
        violations++;
        continue;
      }
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of result.violations) {
        violations++;
        console.log(`VIOLATION ${mode.name} ${p} ${v.id} (${v.impact}): ${v.help} — ${v.nodes[0].target.join(' ')}`);
      }
      if (mode.name === '390px') {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
        if (overflow) { violations++; console.log(`VIOLATION ${mode.name} ${p} horizontal-overflow: the page scrolls sideways`); }
      }
      checked++;
    }
    await browser.close();
  }
} finally {
  server.close();
}
console.log(`a11y: ${list.length} pages × ${modes.length} modes, ${checked} checks, ${violations} violations`);
process.exit(violations === 0 ? 0 : 1);
