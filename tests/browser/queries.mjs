// French queries run against a built site's search index with Pagefind's own JavaScript, in
// Chromium: prints, for each query, the results in order (page URL, and the URL of each
// sub-result by heading) as JSON. The suite compares it with the results recorded in
// tests/fixtures/search/queries.json from an index made by the unpatched Pagefind crate, so a
// change to how the index is built cannot change what readers find.
// Usage: node queries.mjs PUBLIC_DIR QUERY...
import { launch, requireSite, serve } from './lib.mjs';

const [dir, ...queries] = process.argv.slice(2);
requireSite(dir);
const server = await serve(dir);
const browser = await launch();
try {
  await browser.page.goto(`${server.base}/`, { waitUntil: 'load' });
  const found = await browser.page.evaluate(async (queries) => {
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.init();
    const out = {};
    for (const q of queries) {
      const search = await pagefind.search(q);
      const data = await Promise.all(search.results.map((r) => r.data()));
      out[q] = data.map((d) => [d.url, d.sub_results.map((s) => s.url)]);
    }
    return out;
  }, queries);
  console.log(JSON.stringify(found, null, 1));
} finally {
  await browser.close();
  server.close();
}
