// Reflow and text spacing (WCAG 1.4.10 and 1.4.12): every HTML page of a built site at 320 CSS
// pixels wide (a 1280 px screen at 400 % zoom) with the text spacing of WCAG 1.4.12 forced,
// must not scroll sideways (code blocks and tables may scroll inside themselves).
// Usage: node reflow.mjs PUBLIC_DIR. Exits 1 on a page that overflows, 2 on a setup problem.
import fs from 'node:fs';
import path from 'node:path';
import { launch, requireSite, serve } from './lib.mjs';

const dir = process.argv[2];
requireSite(dir);
const server = await serve(dir);

function pages(root, sub = '') {
  return fs.readdirSync(path.join(root, sub), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(sub, e.name);
    if (e.isDirectory()) return pages(root, rel);
    if (!e.name.endsWith('.html')) return [];
    if (fs.readFileSync(path.join(root, rel), 'utf8').includes('http-equiv="refresh"')) return [];
    return ['/' + rel.replace(/index\.html$/, '')];
  }).sort();
}

const spacing = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }`;
const browser = await launch({ viewport: { width: 320, height: 640 } });
let bad = 0;
const list = pages(dir);
try {
  for (const p of list) {
    await browser.page.goto(server.base + p);
    await browser.page.addStyleTag({ content: spacing });
    const overflow = await browser.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return null;
      // The widest elements that are not inside a box that scrolls by itself.
      const culprits = [...document.body.querySelectorAll('*')].filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.right <= width + 1) return false;
        for (let a = el.parentElement; a; a = a.parentElement) {
          if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return false;
        }
        return true;
      }).slice(0, 3).map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} (${Math.round(el.getBoundingClientRect().right)} px)`);
      return `${document.documentElement.scrollWidth} px wide: ${culprits.join(', ')}`;
    });
    if (overflow) {
      bad += 1;
      console.log(`${p}: ${overflow}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${list.length} pages at 320 px with text spacing, ${bad} overflowing`);
if (bad) process.exit(1);
console.log('reflow: ok');
