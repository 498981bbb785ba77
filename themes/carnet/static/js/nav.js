// carnet: the sections of the header fold behind a "Menu" button on small screens (carnet.css
// shows the button and hides the list there when the `js` class, set in <head>, says scripts
// run). The button is a disclosure: aria-expanded says whether the list is open, Escape closes
// it and gives the focus back to the button. Without JavaScript the sections stay listed.
(() => {
  const button = document.querySelector('.nav-toggle');
  if (!button) return;
  const isOpen = () => button.getAttribute('aria-expanded') === 'true';
  const set = (open) => button.setAttribute('aria-expanded', String(open));
  button.addEventListener('click', () => set(!isOpen()));
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !isOpen()) return;
    set(false);
    button.focus();
  });
})();
