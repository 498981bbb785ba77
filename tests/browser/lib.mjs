// Shared by the browser checks: a static server for a built site, and Debian's Chromium
// launched with a fresh profile and the flags this machine's closed network needs.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CARNET_CHROMIUM || '/usr/bin/chromium';

export function requireSite(dir) {
  if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) {
    console.error('usage: node SCRIPT PUBLIC_DIR (a built site with index.html)');
    process.exit(2);
  }
  if (!fs.existsSync(chromiumPath)) {
    console.error(`Chromium is missing at ${chromiumPath}: run scripts/test.sh, which installs it`);
    process.exit(2);
  }
}

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.js': 'text/javascript', '.png': 'image/png' };

/** Serves `dir` on 127.0.0.1; resolves to { base, close }. */
export async function serve(dir) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' }).end(body);
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** A browser context with a fresh profile; `close()` removes the profile. */
export async function launch(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'carnet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
  const page = await context.newPage();
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  return {
    context, page,
    async close() { try { await context.close(); } finally { fs.rmSync(profile, { recursive: true, force: true }); } },
  };
}
