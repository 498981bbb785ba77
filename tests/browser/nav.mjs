// The header of a site with many sections (the test gives it twelve): at 1280 px the title and
// the tools take one row and the sections at most two more; at 390 px the sections fold behind
// a "Menu" disclosure button that works from the keyboard (Enter opens, Escape closes and gives
// the focus back), with 0 axe violations open and closed; without JavaScript every section is
// listed. Usage: node nav.mjs PUBLIC_DIR SECTIONS
import AxeBuilder from '@axe-core/playwright';
import { launch, requireSite, serve } from './lib.mjs';

const [dir, expected] = [process.argv[2], Number(process.argv[3])];
requireSite(dir);
const server = await serve(dir);
const failures = [];
const expect = (ok, what) => { if (!ok) failures.push(what); };
const visibleLinks = (page) => page.locator('.site-nav a').evaluateAll((links) => links.filter((a) => a.getClientRects().length > 0).length);
const rows = (page) => page.locator('.site-nav a').evaluateAll((links) => new Set(links.filter((a) => a.getClientRects().length > 0).map((a) => Math.round(a.getBoundingClientRect().top))).size);
const axe = async (page, when) => {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(result.violations.length === 0, `${when}: ${result.violations.map((v) => `${v.id} (${v.nodes.length})`).join(', ')}`);
};

try {
  const wide = await launch({ viewport: { width: 1280, height: 800 } });
  await wide.page.goto(server.base + '/');
  expect(await visibleLinks(wide.page) === expected, `1280 px: ${await visibleLinks(wide.page)} of ${expected} sections shown`);
  expect(await rows(wide.page) <= 2, `1280 px: the sections take ${await rows(wide.page)} rows`);
  expect(!(await wide.page.locator('.nav-toggle').isVisible()), '1280 px: no menu button');
  const header = await wide.page.locator('.site-header').boundingBox();
  expect(header.height <= 190, `1280 px: the header is ${header.height} px high`);
  await wide.close();

  const phone = await launch({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.page.goto(server.base + '/');
  const button = phone.page.locator('.nav-toggle');
  expect(await button.isVisible(), '390 px: a menu button');
  expect(await visibleLinks(phone.page) === 0, '390 px: the sections start folded');
  expect((await phone.page.locator('.site-header').boundingBox()).height <= 160, '390 px: the folded header is short');
  await axe(phone.page, '390 px, menu closed');
  await button.focus();
  await phone.page.keyboard.press('Enter');
  expect(await button.getAttribute('aria-expanded') === 'true', 'Enter opens the menu');
  expect(await visibleLinks(phone.page) === expected, `390 px open: ${await visibleLinks(phone.page)} of ${expected} sections shown`);
  await phone.page.keyboard.press('Tab');
  const focused = await phone.page.evaluate(() => document.activeElement.closest('.site-nav') !== null);
  expect(focused, 'Tab goes from the button to the first section');
  await axe(phone.page, '390 px, menu open');
  await phone.page.keyboard.press('Escape');
  expect(await button.getAttribute('aria-expanded') === 'false', 'Escape closes the menu');
  expect(await phone.page.evaluate(() => document.activeElement.classList.contains('nav-toggle')), 'the focus is back on the button');
  await phone.close();

  const noJs = await launch({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  await noJs.page.goto(server.base + '/');
  expect(await visibleLinks(noJs.page) === expected, `without JavaScript: ${await visibleLinks(noJs.page)} of ${expected} sections shown`);
  expect(!(await noJs.page.locator('.nav-toggle').isVisible()), 'without JavaScript: no menu button');
  await noJs.close();
} finally {
  server.close();
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`nav: ${failures.length === 0 ? 'ok' : failures.length + ' failures'}`);
process.exit(failures.length === 0 ? 0 : 1);
