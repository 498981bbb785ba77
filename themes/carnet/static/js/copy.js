// carnet: a "copy" button above each highlighted code block. The page does not need it:
// without JavaScript the code stays readable and selectable. Labels come from the script
// tag's data attributes (the theme's translation files).
(() => {
  const script = document.currentScript;
  if (!script || !navigator.clipboard) return;
  const { copy, copied, failed } = script.dataset;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  document.body.append(status);
  const announce = (text) => {
    status.textContent = '';
    setTimeout(() => { status.textContent = text; }, 50);
  };
  for (const pre of document.querySelectorAll('pre.code')) {
    const tools = document.createElement('div');
    tools.className = 'code-tools';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = copy;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(pre.innerText);
        announce(copied);
      } catch {
        announce(failed);
      }
    });
    tools.append(button);
    pre.before(tools);
  }
})();
