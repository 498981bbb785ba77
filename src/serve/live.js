// carnet serve: live reload and the error overlay. Added by the preview server only.
(() => {
  "use strict";
  const me = document.currentScript;
  const instance = me ? me.dataset.instance : "";
  // The version of the site this page shows; raised by each change the page takes in.
  let seen = me ? Number(me.dataset.version) : NaN;
  const fr = (document.documentElement.lang || "fr").startsWith("fr");
  const words = fr
    ? { title: "La construction du site a échoué", note: "Le dernier site construit reste affiché. Corrigez le fichier : la page se mettra à jour à l'enregistrement.", close: "Fermer" }
    : { title: "The site could not be built", note: "The last good site is still shown. Fix the file: the page updates when you save.", close: "Close" };

  // The output path of this page, as the server names its files.
  const here = () => {
    let p = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (p === "" || p.endsWith("/")) p += "index.html";
    return p;
  };

  const swapStylesheets = (paths, version) => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      const path = decodeURIComponent(url.pathname).replace(/^\/+/, "");
      if (!paths.includes(path)) continue;
      const fresh = link.cloneNode();
      url.searchParams.set("carnet", String(version));
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove(), { once: true });
      fresh.addEventListener("error", () => link.remove(), { once: true });
      link.after(fresh);
    }
  };

  let overlay = null;
  let returnFocus = null;
  const hideOverlay = () => {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  };
  const showOverlay = (text) => {
    hideOverlay();
    returnFocus = document.activeElement;
    overlay = document.createElement("carnet-overlay");
    const root = overlay.attachShadow({ mode: "open" });
    root.innerHTML = `<style>
      :host { all: initial; }
      .box { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.6); display: flex; align-items: flex-start; justify-content: center; overflow: auto; padding: 2rem 1rem; font: 16px/1.5 system-ui, sans-serif; }
      .panel { background: #fff; color: #1a1a1a; max-width: 60rem; width: 100%; border-radius: 6px; border-top: 6px solid #b00020; padding: 1rem 1.5rem; box-shadow: 0 4px 24px rgba(0,0,0,.4); }
      h2 { margin: 0 0 .5rem; font-size: 1.25rem; color: #8a0018; }
      pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; color: #1a1a1a; padding: 1rem; border-radius: 4px; font: 14px/1.45 ui-monospace, monospace; max-height: 60vh; overflow: auto; }
      button { font: inherit; padding: .4rem 1rem; border: 2px solid #1a1a1a; background: #fff; color: #1a1a1a; border-radius: 4px; cursor: pointer; }
      button:focus-visible, pre:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
      @media (prefers-reduced-motion: no-preference) { .panel { animation: in .15s ease-out; } @keyframes in { from { transform: translateY(-8px); opacity: 0; } } }
    </style>
    <div class="box"><div class="panel" role="alertdialog" aria-modal="false" aria-labelledby="t" aria-describedby="n">
      <h2 id="t" tabindex="-1"></h2><p id="n"></p><pre tabindex="0"></pre><button type="button"></button>
    </div></div>`;
    root.querySelector("h2").textContent = words.title;
    root.querySelector("#n").textContent = words.note;
    root.querySelector("pre").textContent = text;
    const close = root.querySelector("button");
    close.textContent = words.close;
    close.addEventListener("click", hideOverlay);
    root.addEventListener("keydown", (e) => { if (e.key === "Escape") hideOverlay(); });
    overlay.dataset.carnet = "overlay";
    document.body.append(overlay);
    root.querySelector("h2").focus();
  };

  const connect = () => {
    const source = new EventSource("/__carnet/events");
    source.addEventListener("hello", (e) => {
      const data = JSON.parse(e.data);
      // The server restarted since this page was served, or the site changed before this tab
      // listened (a save while the page loaded): show what it serves now.
      if ((instance && data.instance !== instance) || (Number.isFinite(seen) && data.version !== seen)) {
        location.reload();
        return;
      }
      window.carnetLive = { connected: true };
    });
    source.addEventListener("ok", hideOverlay);
    source.addEventListener("failure", (e) => showOverlay(JSON.parse(e.data).text));
    source.addEventListener("reload", (e) => {
      const data = JSON.parse(e.data);
      seen = data.version;
      hideOverlay();
      const css = data.paths.filter((p) => p.endsWith(".css"));
      const other = data.paths.filter((p) => !p.endsWith(".css"));
      const page = here();
      const touchesPage = other.some((p) => p === page || !/\.(html|xml|ics|json|txt)$/.test(p));
      if (data.all || touchesPage) {
        location.reload();
      } else if (css.length) {
        swapStylesheets(css, data.version);
      }
    });
  };
  connect();
})();
