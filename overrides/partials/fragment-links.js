// @ts-check
/* Links to a place on the same page (a glossary term, the table of contents) are left to the browser.
   Material's instant navigation takes the first change of address after a full page load for a page
   change: it fetches the page again, swaps it in (hiding revealed answers again) and then scrolls to the
   offset it last stored, which can predate the link, so the reader lands off target. Inlined before
   Material's bundle by overrides/main.html, so these listeners run before Material's own: a same-page
   link's click does not reach Material's click handler, and the popstate event the browser fires for it
   does not reach Material's history listener. The browser scrolls to the target (with :target and
   scroll-margin) and fires hashchange, which Material (open details, close the drawer) still sees. */
(function () {
  let pending = null;
  function samePage(link, event) {
    if (!link || link.target || link.hasAttribute("download")) return false;
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
    const url = new URL(link.href, location.href);
    return url.hash.length > 1 && url.origin === location.origin && url.pathname === location.pathname && url.search === location.search;
  }
  document.body.addEventListener("click", function (event) {
    const from = /** @type {any} */ (event.target);
    const link = from && from.closest ? from.closest("a[href]") : null;
    if (!samePage(link, event)) return;
    event.stopImmediatePropagation();
    pending = new URL(link.href, location.href).href;
    setTimeout(function () { pending = null; }, 0);
  });
  window.addEventListener("popstate", function (event) {
    if (pending !== null && location.href === pending) event.stopImmediatePropagation();
    pending = null;
  });
})();
