// The light/dark toggle, as a reader meets it: reached with Tab and pressed from the keyboard,
// the choice lands on <html data-theme>, the code colours follow, and it survives a reload
// (applied by the inline script alone, before js/theme.js runs). Pages in the forced dark mode
// pass axe-core; printing is black on white without the toggle; without JavaScript there is no
// toggle and the page follows the system.
// Usage: node theme.mjs PUBLIC_DIR PAGE_PATH...   (the first page should have code blocks)
import { AxeBuilder } from '@axe-core/playwright';
import { launch, requireSite, serve } from './lib.mjs';

const [dir, ...paths] = process.argv.slice(2);
requireSite(dir);
if (paths.length === 0) { console.error('usage: node theme.mjs PUBLIC_DIR PAGE_PATH...'); process.exit(2); }
const server = await serve(dir);
const url = (p) => server.base + p;
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const LIGHT_BG = 'rgb(255, 253, 248)';
const DARK_BG = 'rgb(24, 21, 18)';

/** What the page shows: the attribute, the button's state, the background, which code sheet applies. */
const state = (page) => page.evaluate(() => {
  const button = document.querySelector('.theme-toggle');
  const applies = (id) => { const l = document.getElementById(id); return !!l && matchMedia(l.media || 'all').matches; };
  return {
    theme: document.documentElement.getAttribute('data-theme'),
    pressed: button && !button.hidden ? button.getAttribute('aria-pressed') : null,
    visible: !!button && button.offsetParent !== null,
    bg: getComputedStyle(document.body).backgroundColor,
    color: getComputedStyle(document.body).color,
    lightCode: applies('hl-light'),
    darkCode: applies('hl-dark'),
    stored: (() => { try { return localStorage.getItem('carnet:theme'); } catch { return 'unavailable'; } })(),
  };
});

/** Tabs from the top of the page to the toggle; true when it got focus. */
async function tabToToggle(page) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.matches('.theme-toggle') ?? false)) return true;
  }
  return false;
}

const describe = (s) => JSON.stringify(s);
try {
  // A reader whose system is light.
  const light = await launch({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  let page = light.page;
  await page.goto(url(paths[0]), { waitUntil: 'load' });
  let s = await state(page);
  check(s.visible && s.pressed === 'false' && s.theme === null && s.bg === LIGHT_BG && s.lightCode && !s.darkCode,
    `light system, no choice: ${describe(s)}`);
  const name = await page.locator('.theme-toggle').evaluate((b) => b.textContent.trim());
  check(/sombre|dark/i.test(name), `the toggle's accessible name is "${name}"`);
  check(await page.locator('.theme-toggle').evaluate((b) => b.tagName === 'BUTTON' && b.type === 'button'), 'the toggle is not a <button type=button>');
  check(await tabToToggle(page), 'the toggle cannot be reached with Tab');
  await page.keyboard.press('Enter');
  s = await state(page);
  check(s.theme === 'dark' && s.pressed === 'true' && s.bg === DARK_BG && !s.lightCode && s.darkCode && s.stored === 'dark',
    `after Enter on the toggle: ${describe(s)}`);
  check(await page.evaluate(() => document.activeElement?.matches('.theme-toggle')), 'focus left the toggle after pressing it');

  await page.reload({ waitUntil: 'load' });
  s = await state(page);
  check(s.theme === 'dark' && s.pressed === 'true' && s.bg === DARK_BG && s.darkCode && !s.lightCode, `after a reload: ${describe(s)}`);

  // The remembered choice is applied before js/theme.js runs: even without it, no light flash.
  await page.route('**/js/theme.js', (route) => route.abort());
  await page.reload({ waitUntil: 'load' });
  s = await state(page);
  check(s.theme === 'dark' && s.bg === DARK_BG && s.darkCode && !s.lightCode && !s.visible,
    `the inline script alone (theme.js blocked): ${describe(s)}`);
  await page.unroute('**/js/theme.js');

  // Forced dark on a light system: axe-core (WCAG 2.1 A and AA) on every page given.
  for (const p of paths) {
    await page.goto(url(p), { waitUntil: 'load' });
    s = await state(page);
    check(s.theme === 'dark' && s.bg === DARK_BG, `${p} is not dark after the choice: ${describe(s)}`);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of result.violations) failures.push(`axe, forced dark, ${p}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes[0].target.join(' ')}`);
  }

  // Printing a forced-dark page: black on white, light code colours, no toggle or navigation.
  await page.goto(url(paths[0]), { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  s = await state(page);
  const navShown = await page.locator('.site-header nav').isVisible();
  check(s.bg === 'rgb(255, 255, 255)' && s.color === 'rgb(0, 0, 0)' && s.lightCode && !s.darkCode && !s.visible && !navShown,
    `printing in forced dark: ${describe(s)}, navigation shown: ${navShown}`);
  await page.emulateMedia({ media: 'screen' });

  // Space presses it too; choosing the system's own theme forgets the choice.
  await page.locator('.theme-toggle').focus();
  await page.keyboard.press('Space');
  s = await state(page);
  check(s.theme === null && s.pressed === 'false' && s.bg === LIGHT_BG && s.lightCode && !s.darkCode && s.stored === null,
    `back to light with Space (follows the system again): ${describe(s)}`);
  await light.close();

  // A reader whose system is dark: dark by default, the choice of light is kept.
  const dark = await launch({ colorScheme: 'dark' });
  page = dark.page;
  await page.goto(url(paths[0]), { waitUntil: 'load' });
  s = await state(page);
  check(s.theme === null && s.pressed === 'true' && s.bg === DARK_BG && s.darkCode && !s.lightCode, `dark system, no choice: ${describe(s)}`);
  await page.locator('.theme-toggle').press('Enter');
  await page.reload({ waitUntil: 'load' });
  s = await state(page);
  check(s.theme === 'light' && s.pressed === 'false' && s.bg === LIGHT_BG && s.lightCode && !s.darkCode && s.stored === 'light',
    `dark system, light chosen, after a reload: ${describe(s)}`);
  await dark.close();

  // Without JavaScript: no toggle, nothing to focus, and the page follows the system.
  for (const scheme of ['light', 'dark']) {
    const noJs = await launch({ javaScriptEnabled: false, colorScheme: scheme });
    await noJs.page.goto(url(paths[0]), { waitUntil: 'load' });
    const shown = await noJs.page.locator('.theme-toggle').isVisible();
    const inTree = await noJs.page.locator('.theme-toggle').evaluateAll((bs) => bs.filter((b) => !b.hidden).length);
    const bg = await noJs.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    check(!shown && inTree === 0, `without JavaScript (${scheme}) a toggle shows`);
    check(!(await tabToToggle(noJs.page)), `without JavaScript (${scheme}) the toggle takes focus`);
    check(bg === (scheme === 'dark' ? DARK_BG : LIGHT_BG), `without JavaScript a ${scheme} system gets background ${bg}`);
    await noJs.close();
  }
} finally {
  server.close();
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`theme: ${failures.length === 0 ? 'ok' : failures.length + ' failures'}`);
process.exit(failures.length === 0 ? 0 : 1);
