// carnet: the course's progress and quizzes, kept in this browser only (localStorage, one key
// per course). Everything here is an addition: without JavaScript the course reads and
// navigates fully, quiz answers are in their <details>, and nothing is hidden.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const L = script.dataset;
  const plural = new Intl.PluralRules(document.documentElement.lang || 'fr');
  const storageKey = (course) => `carnet:course:${course}`;
  const load = (course) => {
    try { return new Set(JSON.parse(localStorage.getItem(storageKey(course))) || []); } catch { return new Set(); }
  };
  const save = (course, done) => {
    try { localStorage.setItem(storageKey(course), JSON.stringify([...done].sort())); } catch { /* private mode: nothing kept */ }
  };
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  document.body.append(status);
  const announce = (text) => { status.textContent = ''; setTimeout(() => { status.textContent = text; }, 50); };
  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // A lesson: "mark as done", a toggle button whose state is said in words and by aria-pressed.
  for (const slot of document.querySelectorAll('[data-lesson-key]')) {
    const { courseKey, lessonKey } = slot.dataset;
    const button = el('button', { type: 'button', class: 'button mark-done' });
    const show = () => {
      const done = load(courseKey).has(lessonKey);
      button.setAttribute('aria-pressed', String(done));
      button.textContent = done ? L.markedDone : L.markDone;
    };
    button.addEventListener('click', () => {
      const done = load(courseKey);
      if (done.has(lessonKey)) { done.delete(lessonKey); announce(L.lessonUnmarked); } else { done.add(lessonKey); announce(L.lessonMarked); }
      save(courseKey, done);
      show();
    });
    show();
    slot.append(button);
  }

  // Outlines: a tick on each lesson done, a progress bar per module and for the course.
  const progress = (done, total, label) => {
    const wrap = el('p', { class: 'progress' });
    const id = `progress-${Math.random().toString(36).slice(2)}`;
    // CLDR plural rules of the page's language: "0 leçon terminée", "1 lesson done", "2 lessons".
    const one = plural.select(done) === 'one';
    wrap.append(el('span', { id }, `${label} : ${done} ${one ? L.lessonsDoneOne : L.lessonsDoneOther} ${total}`));
    const bar = el('progress', { max: String(total), value: String(done), 'aria-labelledby': id });
    wrap.append(bar);
    return wrap;
  };
  for (const outline of document.querySelectorAll('[data-course-outline]')) {
    const course = outline.dataset.courseOutline;
    const done = load(course);
    let doneCount = 0;
    let total = 0;
    for (const li of outline.querySelectorAll('[data-lesson]')) {
      total += 1;
      if (!done.has(li.dataset.lesson)) continue;
      doneCount += 1;
      li.classList.add('is-done');
      const link = li.querySelector('a');
      link.append(el('span', { class: 'tick', 'aria-hidden': 'true' }, ' ✓'), el('span', { class: 'visually-hidden' }, ` (${L.doneShort})`));
    }
    for (const module of outline.querySelectorAll('[data-module]')) {
      const lessons = [...module.querySelectorAll('[data-lesson]')];
      const n = lessons.filter((li) => done.has(li.dataset.lesson)).length;
      module.querySelector('.lessons').before(progress(n, lessons.length, L.progress));
    }
    if (outline.querySelectorAll('[data-module]').length > 1) outline.before(progress(doneCount, total, L.progress));
    // "Start" becomes "Resume" and leads to the first lesson not done yet.
    for (const resume of document.querySelectorAll(`[data-resume="${CSS.escape(course)}"]`)) {
      const next = [...outline.querySelectorAll('[data-lesson]')].find((li) => !done.has(li.dataset.lesson));
      if (doneCount > 0 && next) {
        resume.textContent = L.resumeCourse;
        resume.href = next.querySelector('a').href;
      }
    }
    for (const slot of document.querySelectorAll(`[data-course-reset="${CSS.escape(course)}"]`)) {
      const reset = el('button', { type: 'button', class: 'button secondary' }, L.resetProgress);
      reset.addEventListener('click', () => {
        try { localStorage.removeItem(storageKey(course)); } catch { /* nothing kept anyway */ }
        announce(L.progressReset);
        setTimeout(() => window.location.reload(), 400);
      });
      slot.append(reset);
    }
  }

  // Quizzes: the choices become a fieldset of radio buttons or checkboxes, with a button that
  // says in words whether the answer is right (announced, and not by colour alone).
  document.querySelectorAll('.question-item[data-answers]').forEach((item, qi) => {
    const answers = item.dataset.answers.split(',').map(Number).sort().join(',');
    const multiple = answers.includes(',');
    const question = item.querySelector('.question');
    const choices = item.querySelector('.choices');
    const fieldset = el('fieldset', { class: 'quiz-form' });
    const legend = el('legend', {}, question.textContent);
    if (multiple) legend.append(el('span', { class: 'hint' }, ` (${L.severalAnswers})`));
    fieldset.append(legend);
    [...choices.children].forEach((choice, ci) => {
      const id = `q${qi + 1}-c${ci + 1}`;
      const input = el('input', { type: multiple ? 'checkbox' : 'radio', name: `q${qi + 1}`, id, value: String(ci + 1) });
      const label = el('label', { for: id }, choice.textContent);
      const row = el('div', { class: 'choice' });
      row.append(input, label);
      fieldset.append(row);
    });
    const check = el('button', { type: 'button', class: 'button' }, L.checkAnswer);
    const feedback = el('p', { class: 'feedback', role: 'status' });
    check.addEventListener('click', () => {
      const picked = [...fieldset.querySelectorAll('input:checked')].map((i) => i.value).sort().join(',');
      if (!picked) { feedback.textContent = L.quizChoose; feedback.dataset.result = ''; return; }
      const right = picked === answers;
      const explanation = item.querySelector('.explanation');
      feedback.textContent = `${right ? L.quizRight : L.quizWrong}${explanation ? ' ' + explanation.textContent : ''}`;
      feedback.dataset.result = right ? 'right' : 'wrong';
    });
    question.replaceWith(fieldset);
    choices.remove();
    fieldset.after(check, feedback);
  });
})();
