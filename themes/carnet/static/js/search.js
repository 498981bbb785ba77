// carnet: search as you type on the search page, with the Pagefind index built with the site
// (pagefind/). Without JavaScript the form still leads here and the page lists every page by
// section. Results are announced in a status region.
(() => {
  const script = document.currentScript;
  const box = document.querySelector('[data-search-results]');
  const input = document.getElementById('search-q');
  if (!script || !box || !input) return;
  const L = script.dataset;
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  const list = document.createElement('ol');
  list.className = 'search-results';
  box.append(status, list);
  let pagefind;
  let timer;
  const load = async () => {
    if (!pagefind) {
      pagefind = await import(`${L.base}pagefind/pagefind.js`);
      await pagefind.options({ baseUrl: L.base });
    }
    return pagefind;
  };
  const run = async () => {
    const q = input.value.trim();
    if (!q) { status.textContent = ''; list.replaceChildren(); return; }
    status.textContent = L.loading;
    const pf = await load();
    const search = await pf.search(q);
    const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    const n = search.results.length;
    status.textContent = n === 0 ? `${L.none} « ${q} »` : `${n} ${n === 1 ? L.one : L.results} « ${q} »`;
    list.replaceChildren(...results.map((r) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = r.url;
      a.textContent = r.meta.title || r.url;
      const h = document.createElement('h3');
      h.append(a);
      li.append(h);
      if (r.meta.kind) {
        const kind = document.createElement('p');
        kind.className = 'meta';
        kind.textContent = r.meta.kind;
        li.append(kind);
      }
      const excerpt = document.createElement('p');
      excerpt.innerHTML = r.excerpt; // Pagefind escapes the text and marks the matches with <mark>.
      li.append(excerpt);
      return li;
    }));
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  const q = new URLSearchParams(window.location.search).get('q');
  if (q) { input.value = q; run(); }
})();
