// The live preview's page script, served at a fixed route (no inline script is allowed).
// It listens to the server's events and replaces only the rows that changed, so the page
// keeps its scroll position and state; every row arrives as HTML the server built with lxml.
"use strict";

(() => {
  const body = document.body;
  const tbody = document.querySelector("#hexaglot-blocks tbody");
  const banner = document.getElementById("hexaglot-error");

  const parse = (html, context) => {
    const holder = document.createElement("template");
    holder.innerHTML = context ? `<table><tbody>${html}</tbody></table>` : html;
    return context
      ? holder.content.querySelector("tr")
      : holder.content.firstElementChild;
  };

  const apply = (update) => {
    if (update.version <= Number(body.dataset.version)) {
      return;
    }
    if (update.error !== null) {
      banner.textContent = update.error;
      banner.hidden = false;
    } else {
      banner.textContent = "";
      banner.hidden = true;
    }
    if (update.order !== null) {
      const rows = update.order.map((id) => parse(update.rows[id], true));
      tbody.replaceChildren(...rows);
    } else {
      for (const [id, html] of Object.entries(update.rows)) {
        const old = document.getElementById(id);
        if (old !== null && old.parentElement === tbody) {
          old.replaceWith(parse(html, true));
        }
      }
    }
    if (update.summary !== null) {
      document.getElementById("hexaglot-summary").replaceWith(parse(update.summary, false));
    }
    body.dataset.version = String(update.version);
    body.dataset.updated = String(Date.now());
  };

  const events = new EventSource(`/events?since=${encodeURIComponent(body.dataset.version)}`);
  events.addEventListener("update", (event) => apply(JSON.parse(event.data)));
})();
