// @ts-check
/* Two fixes to Material's instant navigation; see the second below.

   Links to a place on the same page (a glossary term, the table of contents) are left to the browser.
   Material's instant navigation takes the first change of address after a full page load for a page
   change: it fetches the page again, swaps it in (hiding revealed answers again) and then scrolls to the
   offset it last stored, which can predate the link, so the reader lands off target. Inlined before
   Material's bundle by overrides/main.html, so these listeners run before Material's own: a same-page
   link's click does not reach Material's click handler, and the popstate event the browser fires for it
   does not reach Material's history listener. The browser scrolls to the target (with :target and
   scroll-margin) and fires hashchange, which Material (open details, close the drawer) still sees. */
(function () {
  let pending = null;
  let leaving = false;                // a page change under way (the second fix)
  let shownPath = location.pathname;  // the path of the page shown
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
    if (location.pathname !== shownPath) leaving = true;
  });

  /* Material stores the scroll offset in the current history entry 100 ms after scrolling stops.
     A link followed sooner (a tap that ends a flick on a phone), to a page that takes longer than
     that to arrive, had the page being left store its offset in the new page's entry, and Material
     then scrolled the new page there: the reader landed far down a page. While a page change is
     under way (from the click, or back and forward, until Material shows the new page), an offset
     is not stored; the new page stores its own once shown. Replacements with an address (the
     review page's) are not offsets and go through. */
  document.addEventListener("DOMContentLoaded", function () {
    const shown$ = /** @type {any} */ (window).document$;
    if (shown$) shown$.subscribe(function () { shownPath = location.pathname; leaving = false; });
  });
  const push = history.pushState, replace = history.replaceState;
  history.pushState = function (state, unused, url) {
    if (url != null && new URL(String(url), location.href).pathname !== shownPath) leaving = true;
    return push.call(history, state, unused, url);
  };
  history.replaceState = function (state, unused, url) {
    if (leaving && url === undefined) return;
    return replace.call(history, state, unused, url);
  };
})();
