// The copy button of code blocks, as a keyboard user meets it: reached with Tab, pressed with
// Enter, the code lands in the clipboard and the result is announced in a status region.
// Without JavaScript there is no button and the code is still there.
// Usage: node copy.mjs PUBLIC_DIR PAGE_PATH
import { launch, requireSite, serve } from './lib.mjs';

const [dir, pagePath] = process.argv.slice(2);
requireSite(dir);
const server = await serve(dir);
const failures = [];
try {
  const browser = await launch({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page } = browser;
  await page.goto(server.base + pagePath, { waitUntil: 'load' });
  const buttons = await page.locator('button.copy').count();
  const blocks = await page.locator('pre.code').count();
  if (buttons === 0 || buttons !== blocks) failures.push(`${buttons} copy buttons for ${blocks} code blocks`);
  let reached = false;
  for (let i = 0; i < 300 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.matches('button.copy') ?? false);
  }
  if (!reached) failures.push('no copy button can be reached with Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[role=status]')?.textContent, null, { timeout: 5000 }).catch(() => {});
  const status = await page.evaluate(() => document.querySelector('[role=status]')?.textContent ?? '');
  const expected = await page.evaluate(() => document.activeElement.parentElement.nextElementSibling.innerText);
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  if (!/copié|copied/i.test(status)) failures.push(`the status says "${status}" after Enter`);
  if (clipboard !== expected) failures.push(`the clipboard holds ${JSON.stringify(clipboard)}, not the code block ${JSON.stringify(expected)}`);
  await browser.close();

  const noJs = await launch({ javaScriptEnabled: false });
  await noJs.page.goto(server.base + pagePath, { waitUntil: 'load' });
  if (await noJs.page.locator('button.copy').count() !== 0) failures.push('a copy button shows without JavaScript');
  if (await noJs.page.locator('pre.code').count() !== blocks) failures.push('code blocks are missing without JavaScript');
  await noJs.close();
} finally {
  server.close();
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`copy: ${failures.length === 0 ? 'ok' : failures.length + ' failures'}`);
process.exit(failures.length === 0 ? 0 : 1);
