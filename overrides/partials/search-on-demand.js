/* Load the search index when the reader shows the intent to search, not on every page load.
   Inlined before Material's bundle by overrides/main.html (block scripts). Material 9 requests
   search/search_index.json with XMLHttpRequest as soon as a page opens (a third of a first
   visit's bytes); this holds that one request back until the search is focused, clicked or
   opened with its keyboard shortcuts, or the address asks for a search (?q=) or highlight (?h=). */
(function () {
  var send = XMLHttpRequest.prototype.send;
  var open = XMLHttpRequest.prototype.open;
  var waiting = [];
  var wanted = false;
  function start() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (call) { call(); });
  }
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = /\/search\/search_index\.json(\?|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.__searchIndex || wanted) return send.apply(request, args);
    waiting.push(function () { send.apply(request, args); });
  };
  function intent(event) {
    var target = event.target;
    if (target && target.closest && target.closest(".md-search, [for=__search], #__search")) start();
  }
  document.addEventListener("focusin", intent, true);
  document.addEventListener("pointerdown", intent, true);
  document.addEventListener("change", intent, true);
  document.addEventListener("keydown", function (event) {
    if (/^[/sf]$/i.test(event.key)) start();
  }, true);
  if (/[?&][qh]=/.test(location.search)) start();
})();
