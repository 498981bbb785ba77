// `carnet serve` in Chromium: a saved page shows its new text without a manual reload, a CSS
// edit restyles the page without a navigation (scroll kept), a broken template shows an
// accessible overlay that the next good save removes, and a tab reconnects after a restart.
// Usage: node live.mjs CARNET_BINARY SITE_DIR (a copy of a site: its files are edited).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromiumPath, launch } from './lib.mjs';

const [bin, root] = process.argv.slice(2);
if (!bin || !root || !fs.existsSync(path.join(root, 'carnet.yaml'))) {
  console.error('usage: node live.mjs CARNET_BINARY SITE_DIR');
  process.exit(2);
}
if (!fs.existsSync(chromiumPath)) {
  console.error(`Chromium is missing at ${chromiumPath}: run scripts/test.sh, which installs it`);
  process.exit(2);
}

function startServer(port) {
  const child = spawn(bin, ['serve', '--no-search', '--port', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve({ child, port: Number(m[1]), base: m[0].slice(0, -1) });
    });
    child.on('exit', (code) => reject(new Error(`carnet serve exited with ${code}`)));
  });
}

const file = (rel) => path.join(root, rel);
const edit = (rel, from, to) => {
  const text = fs.readFileSync(file(rel), 'utf8');
  if (!text.includes(from)) throw new Error(`${rel} does not contain ${from}`);
  fs.writeFileSync(file(rel), text.replace(from, to));
};
const fail = (msg) => { console.error(`FAIL: ${msg}`); process.exitCode = 1; };

let server = await startServer(0);
const browser = await launch();
const { page } = browser;
try {
  // 1. A saved Markdown edit appears without touching the browser, even one saved while the
  // page loads, before its tab listens: the tab's connection is held until the server has
  // rebuilt, so the change's event is gone by the time it listens.
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route('**/__carnet/events', async (route) => { await held; await route.continue(); });
  await page.goto(`${server.base}/valeurs/frugalite/`);
  await page.evaluate(() => window.scrollTo(0, 0));
  edit('content/valeurs/frugalite.md', "La frugalité n'est pas", "Texte changé en direct. La frugalité n'est pas");
  for (let i = 0; ; i++) {
    const served = await (await fetch(`${server.base}/valeurs/frugalite/`)).text();
    if (served.includes('Texte changé en direct')) break;
    if (i > 200) throw new Error('the server never rebuilt the page');
    await new Promise((ok) => setTimeout(ok, 50));
  }
  release();
  await page.unroute('**/__carnet/events');
  await page.waitForFunction(() => document.querySelector('main').innerText.includes('Texte changé en direct'), null, { timeout: 10000 });

  // 2. A stylesheet edit restyles the page in place: no navigation, the scroll position kept.
  await page.waitForFunction(() => window.carnetLive && window.carnetLive.connected, null, { timeout: 10000 });
  await page.evaluate(() => { window.carnetMarker = 'still here'; window.scrollTo(0, 200); });
  const scrolled = await page.evaluate(() => window.scrollY);
  fs.appendFileSync(file('themes/carnet/static/css/carnet.css'), '\nmain { outline: 3px dashed rgb(1, 2, 3); }\n');
  await page.waitForFunction(() => getComputedStyle(document.querySelector('main')).outlineStyle === 'dashed', null, { timeout: 10000 });
  const kept = await page.evaluate(() => [window.carnetMarker, window.scrollY]);
  if (kept[0] !== 'still here') fail('the CSS change reloaded the page');
  if (kept[1] !== scrolled) fail(`the scroll position moved from ${scrolled} to ${kept[1]}`);

  // 3. A broken template: an accessible overlay with the located diagnostic; fixing it removes it.
  fs.mkdirSync(file('templates/partials'), { recursive: true });
  fs.writeFileSync(file('templates/partials/page_footer.html'), '<footer>\n{% if %}\n</footer>\n');
  await page.waitForSelector('carnet-overlay [role="alertdialog"]', { timeout: 10000 });
  const overlay = await page.evaluate(() => {
    const r = document.querySelector('carnet-overlay').shadowRoot;
    return { text: r.querySelector('pre').textContent, role: r.querySelector('[role]').getAttribute('role'), focused: r.activeElement && r.activeElement.tagName };
  });
  if (!overlay.text.includes('templates/partials/page_footer.html:2:')) fail(`the overlay is not located: ${overlay.text}`);
  if (overlay.role !== 'alertdialog') fail('the overlay is not an alertdialog');
  if (overlay.focused !== 'H2') fail(`focus is not on the overlay's title (${overlay.focused})`);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (axe.violations.length) fail(`axe with the overlay: ${axe.violations.map((v) => v.id).join(', ')}`);
  fs.rmSync(file('templates/partials/page_footer.html'));
  await page.waitForFunction(() => !document.querySelector('carnet-overlay'), null, { timeout: 10000 });

  // 4. The server restarts (the content changed meanwhile): the tab reconnects and reloads.
  const port = server.port;
  server.child.removeAllListeners('exit');
  server.child.kill('SIGINT');
  await new Promise((ok) => server.child.on('exit', ok));
  edit('content/valeurs/frugalite.md', 'Texte changé en direct.', 'Texte changé pendant l’arrêt.');
  server = await startServer(port);
  await page.waitForFunction(() => document.querySelector('main').innerText.includes('Texte changé pendant l’arrêt'), null, { timeout: 15000 });
  if (server.port !== port) fail(`the server came back on ${server.port}, not ${port}`);
} catch (e) {
  fail(e.message);
} finally {
  await browser.close();
  server.child.removeAllListeners('exit');
  server.child.kill('SIGINT');
}
if (!process.exitCode) console.log('live: ok');
