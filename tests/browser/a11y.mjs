// Runs axe-core (WCAG 2.1 A and AA) on every HTML page of a built site, in Debian's Chromium,
// in light mode, dark mode, and at 390 px wide. Usage: node a11y.mjs PUBLIC_DIR
// Prints one line per violation and a summary; exits 1 on any violation, 2 on a setup problem.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const dir = process.argv[2];
if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) {
  console.error('usage: node a11y.mjs PUBLIC_DIR (a built site with index.html)');
  process.exit(2);
}
const chromiumPath = process.env.CARNET_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) {
  console.error(`Chromium is missing at ${chromiumPath}: run scripts/test.sh, which installs it`);
  process.exit(2);
}

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.js': 'text/javascript', '.png': 'image/png' };
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(dir, path.normalize(rel));
  if (!file.startsWith(path.resolve(dir)) && !file.startsWith(dir)) { res.writeHead(403).end(); return; }
  fs.readFile(file, (err, body) => {
    if (err) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' }).end(body);
  });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

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
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carnet-chromium-'));
let violations = 0;
let checked = 0;
const list = pages(dir);
try {
  for (const mode of modes) {
    const context = await chromium.launchPersistentContext(userDataDir + '-' + mode.name, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      colorScheme: mode.colorScheme,
      viewport: mode.viewport,
      isMobile: mode.isMobile || false,
      hasTouch: mode.hasTouch || false,
    });
    const page = await context.newPage();
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
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
    await context.close();
    fs.rmSync(userDataDir + '-' + mode.name, { recursive: true, force: true });
  }
} finally {
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`a11y: ${list.length} pages × ${modes.length} modes, ${checked} checks, ${violations} violations`);
process.exit(violations === 0 ? 0 : 1);
