// The onboarding course in a real browser: mark two lessons done, reload, see the progress
// bars and ticks kept; answer a quiz and read the feedback; check the enhanced pages with
// axe-core; reset. Usage: node course.mjs PUBLIC_DIR COURSE_PATH
// (run on the `course` test fixture: a course with lessons le-lab, les-valeurs, publier, prototyper).
import { AxeBuilder } from '@axe-core/playwright';
import { launch, requireSite, serve } from './lib.mjs';

const [dir, course] = process.argv.slice(2);
requireSite(dir);
const server = await serve(dir);
const url = (p) => server.base + p;
const failures = [];
const expect = (ok, what) => { if (!ok) failures.push(what); };

async function axe(page, where) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of r.violations) failures.push(`axe ${where}: ${v.id} ${v.help} (${v.nodes[0].target.join(' ')})`);
}

const browser = await launch();
const { page } = browser;
try {
  await page.goto(url(course), { waitUntil: 'load' });
  const none = await page.locator('p.progress').first().textContent();
  expect(/0 leçon terminée sur 4/.test(none), `French plural rules: 0 is singular ("${none}")`);
  const lessons = ['decouvrir/le-lab/', 'decouvrir/les-valeurs/'];
  for (const l of lessons) {
    await page.goto(url(course + l), { waitUntil: 'load' });
    const button = page.locator('button.mark-done');
    expect(await button.getAttribute('aria-pressed') === 'false', `${l}: the button starts not pressed`);
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-pressed') === 'true', `${l}: Enter marks the lesson done`);
  }
  await page.goto(url(course), { waitUntil: 'load' });
  await page.reload({ waitUntil: 'load' });
  const ticks = await page.locator('.course-outline li.is-done').count();
  expect(ticks === 2, `the outline shows 2 ticks after a reload, not ${ticks}`);
  const overall = await page.locator('p.progress').first().textContent();
  expect(/2 leçons terminées sur 4/.test(overall), `the course progress says "${overall}"`);
  const bar = await page.locator('p.progress progress').first().getAttribute('value');
  expect(bar === '2', `the course progress bar is at ${bar}`);
  const resume = page.locator('[data-resume]');
  expect((await resume.textContent()).includes('Reprendre'), 'the start link becomes "Reprendre"');
  expect((await resume.getAttribute('href')).endsWith('/agir/publier/'), 'it leads to the first lesson not done');
  await axe(page, 'course page with progress');
  await page.goto(url(course + 'decouvrir/'), { waitUntil: 'load' });
  const moduleProgress = await page.locator('p.progress').first().textContent();
  expect(/2 leçons terminées sur 2/.test(moduleProgress), `the module progress says "${moduleProgress}"`);
  await axe(page, 'module page');

  await page.goto(url(course + 'decouvrir/les-valeurs/'), { waitUntil: 'load' });
  expect(await page.locator('button.mark-done').getAttribute('aria-pressed') === 'true', 'a done lesson stays done after a reload');
  const first = page.locator('.quiz-form').first();
  await first.locator('label', { hasText: 'Trois' }).click();
  await page.locator('.quiz button.button').first().click();
  const feedback = page.locator('.quiz .feedback').first();
  await page.waitForTimeout(100);
  expect((await feedback.textContent()).startsWith('✗ Pas tout à fait.'), `a wrong answer is said in words: "${await feedback.textContent()}"`);
  expect(await feedback.getAttribute('role') === 'status', 'the feedback is announced');
  await first.locator('label', { hasText: 'Cinq' }).click();
  await page.locator('.quiz button.button').first().click();
  expect((await feedback.textContent()).startsWith('✓ Bonne réponse.'), 'a right answer is said in words');
  const second = page.locator('.quiz-form').nth(1);
  expect(await second.locator('input[type=checkbox]').count() === 3, 'several answers give checkboxes');
  await second.locator('label', { hasText: 'Autonomie' }).click();
  await second.locator('label', { hasText: 'Frugalité' }).click();
  await page.locator('.quiz button.button').nth(1).click();
  expect((await page.locator('.quiz .feedback').nth(1).textContent()).startsWith('✓'), 'both right answers are right');
  await axe(page, 'lesson page with a quiz answered');

  await page.goto(url(course), { waitUntil: 'load' });
  await page.locator('[data-course-reset] button').click();
  await page.waitForLoadState('load');
  await page.waitForTimeout(800);
  expect(await page.locator('.course-outline li.is-done').count() === 0, 'reset clears the progress');
} finally {
  await browser.close();
}
const noJs = await launch({ javaScriptEnabled: false });
try {
  await noJs.page.goto(url(course + 'decouvrir/les-valeurs/'), { waitUntil: 'load' });
  expect(await noJs.page.locator('.quiz details').count() === 2, 'without JavaScript the answers are in <details>');
  expect(await noJs.page.locator('.quiz .choices li').count() === 5, 'without JavaScript the choices are listed');
  expect(await noJs.page.locator('main button').count() === 0, 'without JavaScript there is no dead button');
} finally {
  await noJs.close();
  server.close();
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`course: ${failures.length === 0 ? 'ok' : failures.length + ' failures'}`);
process.exit(failures.length === 0 ? 0 : 1);
