// Search in a real browser, through the index built with the site: French stemming ("frugal"
// finds "frugalité"), accents folded ("equipe" finds "équipe"), results with title, kind and a
// highlighted excerpt, announced in a status region; without JavaScript the page lists every
// page. Usage: node search.mjs PUBLIC_DIR SEARCH_PATH
import { launch, requireSite, serve } from './lib.mjs';

const [dir, searchPath] = process.argv.slice(2);
requireSite(dir);
const server = await serve(dir);
const failures = [];
const expect = (ok, what) => { if (!ok) failures.push(what); };
const browser = await launch();
try {
  const { page } = browser;
  for (const [q, wantUrl, wantMark] of [['frugal', '/valeurs/frugalite/', 'frugal'], ['equipe', null, 'équipe']]) {
    await page.goto(`${server.base}${searchPath}?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
    await page.waitForFunction(() => /résultat|Aucun/.test(document.querySelector('[data-search-results] [role=status]')?.textContent || ''), null, { timeout: 15000 }).catch(() => {});
    const status = await page.locator('[data-search-results] [role=status]').textContent();
    expect(/\d+ résultats? pour « /.test(status), `"${q}": the status says "${status}"`);
    const urls = await page.locator('.search-results h3 a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    expect(urls.length > 0, `"${q}" finds pages`);
    if (wantUrl) expect(urls.includes(wantUrl), `"${q}" finds ${wantUrl}: ${urls.join(', ')}`);
    const marks = await page.locator('.search-results mark').allTextContents();
    expect(marks.some((m) => m.toLowerCase().startsWith(wantMark)), `"${q}": excerpts mark the match (${marks.slice(0, 5).join(', ')})`);
    const kinds = await page.locator('.search-results .meta').allTextContents();
    expect(kinds.length > 0, `"${q}": results show their kind`);
  }
} finally {
  await browser.close();
}
const noJs = await launch({ javaScriptEnabled: false });
try {
  await noJs.page.goto(`${server.base}${searchPath}?q=frugal`, { waitUntil: 'load' });
  // Without JavaScript the page leads to every section (not to every page: that list would
  // weigh megabytes on a large site), and a section to its pages.
  const sections = noJs.page.locator('#all-pages-title ~ ul li a');
  const listed = await sections.count();
  expect(listed >= 6, `without JavaScript the page leads to every section and the tags (${listed})`);
  await sections.first().click();
  await noJs.page.waitForLoadState('load');
  const inSection = await noJs.page.locator('main .summaries h3 a').count();
  expect(inSection > 1, `a section lists its pages (${inSection} links in ${noJs.page.url()})`);
  expect(await noJs.page.locator('form.site-search input[name=q]').count() === 1, 'the header has a search field');
} finally {
  await noJs.close();
  server.close();
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`search: ${failures.length === 0 ? 'ok' : failures.length + ' failures'}`);
process.exit(failures.length === 0 ? 0 : 1);
