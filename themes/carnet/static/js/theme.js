// carnet: the light/dark toggle. Without a choice the page follows the system; pressing the
// button picks the other theme and remembers it in this browser (localStorage, key
// `carnet:theme`); picking the theme the system shows forgets the choice, so the page follows
// the system again. The inline script in base.html applies a remembered choice before the first
// paint; this one shows the button (hidden without JavaScript) and keeps everything in step:
// the `data-theme` attribute of <html> (which carnet.css reads), the `media` of the two code
// highlighting stylesheets, and the button's `aria-pressed`.
(() => {
  const button = document.querySelector('.theme-toggle');
  if (!button || !window.matchMedia) return;
  const root = document.documentElement;
  const key = 'carnet:theme';
  const system = matchMedia('(prefers-color-scheme: dark)');
  // Looked up each time: `carnet serve` replaces stylesheets (with their attributes) on edits.
  const setMedia = (id, media) => { for (const link of document.querySelectorAll(`link#${id}`)) link.media = media; };
  const stored = () => {
    let value = null;
    try { value = localStorage.getItem(key); } catch { /* storage refused: no memory */ }
    return value === 'light' || value === 'dark' ? value : null;
  };
  const apply = (choice) => {
    const isDark = choice ? choice === 'dark' : system.matches;
    if (choice) root.setAttribute('data-theme', choice); else root.removeAttribute('data-theme');
    // Print always takes the light code colours (print styles are black on white).
    setMedia('hl-light', choice ? (isDark ? 'print' : 'all') : 'print, not all and (prefers-color-scheme: dark)');
    setMedia('hl-dark', choice ? (isDark ? 'screen' : 'not all') : 'screen and (prefers-color-scheme: dark)');
    button.setAttribute('aria-pressed', String(isDark));
  };
  button.addEventListener('click', () => {
    const wantDark = button.getAttribute('aria-pressed') !== 'true';
    const choice = wantDark === system.matches ? null : (wantDark ? 'dark' : 'light');
    try {
      if (choice) localStorage.setItem(key, choice); else localStorage.removeItem(key);
    } catch { /* the choice holds for this page only */ }
    apply(choice);
  });
  const follow = () => apply(stored());
  system.addEventListener?.('change', follow);
  window.addEventListener('storage', (e) => { if (e.key === key || e.key === null) follow(); });
  follow();
  button.hidden = false;
})();
