/*
 * The review session, loaded by review.js on the review page only.
 *
 * The page (docs/review.md, generated) holds every question as a hidden card;
 * this shows the due ones one at a time: reveal with Space/Enter, grade with
 * 1-4 (Again, Hard, Good, Easy). FSRS (vendor/ts-fsrs, loaded here) computes the
 * next due date; review-store.js keeps it. Scope from the address:
 * ?set=slug,slug (a study set), ?section=id, ?tag=name, and
 * &level=foundational,... on top of any of them.
 */
(function () {
  "use strict";

  var R = window.GuideReview;
  var store = window.GuideReviewStore;
  var LEVELS = R.LEVELS;
  var GRADE_NAMES = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
  var $ = R.$, $$ = R.$$, el = R.el, announce = R.announce, plural = R.plural, capitalize = R.capitalize;
  var dueText = R.dueText, reviewAddress = R.reviewAddress, levelsOf = R.levelsOf;
  var buildSetBar = R.buildSetBar, checkbox = R.checkbox;
  var session = null;  // the review running on this page view

  function formatDate(date) {
    return date.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });
  }
  function formatInterval(days) {
    if (days < 1) return "today";
    if (days < 31) return plural(Math.round(days), "day");
    if (days < 365) return plural(Math.round(days / 30), "month");
    return plural(Math.round(days / 365), "year");
  }

  function loadScheduler() {
    return R.loadScript("vendor/ts-fsrs/index.umd.js", function () { return !!window.FSRS; })
      .then(function () { return window.FSRS; });
  }

  // What the address asks for: a study set, a section, a tag; and which levels.
  function readScope(root, cards) {
    var params = new URLSearchParams(location.search);
    var aliases = {};
    try { aliases = JSON.parse(root.getAttribute("data-aliases") || "{}"); } catch (e) { aliases = {}; }
    var all = cards.map(function (card) { return card.getAttribute("data-slug"); });
    var scope = { kind: "all", label: "All questions", slugs: all, unknown: [], params: params };
    if (params.has("set")) {
      var wanted = [];
      params.get("set").split(",").forEach(function (raw) {
        var name = raw.trim().toLowerCase();
        if (!name) return;
        var slug = aliases[name] || name;
        if (all.indexOf(slug) < 0) { if (scope.unknown.indexOf(raw.trim()) < 0) scope.unknown.push(raw.trim()); }
        else if (wanted.indexOf(slug) < 0) wanted.push(slug);
      });
      scope.kind = "set";
      scope.slugs = wanted;
      scope.label = "Study set of " + plural(wanted.length, "question");
    } else if (params.has("section") || params.has("tag")) {
      var bySection = params.has("section");
      var value = params.get(bySection ? "section" : "tag");
      var matching = cards.filter(function (card) {
        if (bySection) return card.getAttribute("data-section") === value;
        try { return JSON.parse(card.getAttribute("data-tags") || "[]").indexOf(value) >= 0; } catch (e) { return false; }
      });
      if (matching.length) {
        scope.kind = bySection ? "section" : "tag";
        scope.slugs = matching.map(function (card) { return card.getAttribute("data-slug"); });
        var name = bySection ? ($(".guide-card__meta", matching[0]) || {}).textContent.split(" · ")[0] : value;
        scope.label = (bySection ? "Section: " : "Tag: ") + name;
      } else {
        scope.unknown.push((bySection ? "section " : "tag ") + value);
      }
    }
    var levels = (params.get("level") || "").split(",").filter(function (l) { return LEVELS.indexOf(l) >= 0; });
    scope.levels = levels.length ? levels : LEVELS.slice();
    return scope;
  }

  function toFsrsCard(FSRS, stored, now) {
    if (!stored) return FSRS.createEmptyCard(now);
    var card = {};
    Object.keys(stored).forEach(function (key) { card[key] = stored[key]; });
    card.due = new Date(stored.due);
    if (stored.last_review) card.last_review = new Date(stored.last_review); else delete card.last_review;
    return card;
  }
  function fromFsrsCard(card) {
    var stored = {};
    ["stability", "difficulty", "elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses", "state"]
      .forEach(function (key) { stored[key] = card[key] || 0; });
    stored.due = new Date(card.due).toISOString();
    stored.last_review = card.last_review ? new Date(card.last_review).toISOString() : null;
    return stored;
  }

  function startReviewPage(root, entry) {
    var cards = $$(".guide-card[data-slug]");
    var bySlug = {};
    cards.forEach(function (card) { bySlug[card.getAttribute("data-slug")] = card; });
    var scope = readScope(root, cards);
    var status = $(".guide-review__status", root);
    var notice = $(".guide-review__notice", root);
    root.hidden = false;

    if (scope.unknown.length) {
      notice.hidden = false;
      notice.textContent = (scope.kind === "set"
        ? "Not found in this guide (removed or misspelt), left out: " + scope.unknown.join(", ") + "."
        : "Not found in this guide: " + scope.unknown.join(", ") + ". Showing all questions instead.");
    } else {
      notice.hidden = true;
    }

    $$(".guide-review__levels input", root).forEach(function (box) {
      box.checked = scope.levels.indexOf(box.value) >= 0;
      box.onchange = function () {
        var chosen = $$(".guide-review__levels input", root).filter(function (b) { return b.checked; })
          .map(function (b) { return b.value; });
        if (!chosen.length) { box.checked = true; announce(status, "Keep at least one level."); return; }
        if (chosen.length === LEVELS.length) scope.params.delete("level"); else scope.params.set("level", chosen.join(","));
        history.replaceState(history.state, "", reviewAddress(entry, scope.params));
        scope.levels = chosen;
        begin(false);
        announce(status, "Levels: " + chosen.join(", ") + ". " + $(".guide-review__scope", root).textContent);
      };
    });

    var FSRS = null, scheduler = null;
    loadScheduler().then(function (lib) {
      FSRS = lib;
      scheduler = FSRS.fsrs(FSRS.generatorParameters({ enable_fuzz: false, enable_short_term: false }));
      begin(false);
      buildReviewSetChoice(root, entry, scope, bySlug);
    }, function () {
      notice.hidden = false;
      notice.textContent = "The review scheduler could not be loaded; reload the page to try again.";
    });

    function inScope() {
      return scope.slugs.filter(function (slug) {
        return scope.levels.indexOf(bySlug[slug].getAttribute("data-level") || "intermediate") >= 0;
      });
    }

    function begin(everything) {
      var now = new Date();
      var state = store.read();
      var slugs = inScope();
      var queue;
      if (everything || scope.kind === "set") {
        queue = slugs.slice();
      } else {
        var due = slugs.filter(function (s) { return state.cards[s] && store.isDue(state.cards[s], now); });
        due.sort(function (a, b) { return Date.parse(state.cards[a].due) - Date.parse(state.cards[b].due); });
        queue = due.concat(slugs.filter(function (s) { return !state.cards[s]; }));
      }
      var count = store.counts(slugs, now, state);
      var levelNote = scope.levels.length < LEVELS.length ? " (" + scope.levels.join(", ") + ")" : "";
      $(".guide-review__scope", root).textContent = scope.label + levelNote + " · " + dueText(count, "");
      session = { root: root, queue: queue, index: 0, requeued: {}, done: 0, current: null, shown: false, state: state };
      cards.forEach(function (card) { card.hidden = true; });
      if (queue.length) show(false); else finish(slugs, false);
    }

    function show(focus) {
      var slug = session.queue[session.index];
      var card = bySlug[slug];
      var answer = $(".guide-card__answer", card);
      var button = $(".guide-review__show", root);
      if (session.current && session.current !== card) session.current.hidden = true;
      $(".guide-review__stage", root).appendChild(card);
      card.hidden = false;
      answer.hidden = true;
      session.current = card;
      session.slug = slug;
      session.shown = false;
      $(".guide-review__done", root).hidden = true;
      $(".guide-review__controls", root).hidden = false;
      $(".guide-review__grades", root).hidden = true;
      button.hidden = false;
      $(".guide-review__hint", root).hidden = false;
      button.setAttribute("aria-controls", answer.id);
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-describedby", card.getAttribute("aria-labelledby"));
      $(".guide-review__position", root).textContent =
        "Question " + (session.index + 1) + " of " + session.queue.length;
      if (focus) button.focus();
    }

    function reveal() {
      if (!session || session.shown || !session.current) return;
      var now = new Date();
      var answer = $(".guide-card__answer", session.current);
      answer.hidden = false;
      session.shown = true;
      $(".guide-review__show", root).setAttribute("aria-expanded", "true");
      $(".guide-review__show", root).hidden = true;
      $(".guide-review__hint", root).hidden = true;
      var preview = scheduler.repeat(toFsrsCard(FSRS, store.read().cards[session.slug], now), now);
      $$(".guide-review__grade", root).forEach(function (button) {
        var grade = Number(button.getAttribute("data-grade"));
        var next = preview[grade].card;
        var text = formatInterval(next.scheduled_days);
        $(".guide-review__interval", button).textContent = text;
      });
      $(".guide-review__grades", root).hidden = false;
      answer.focus({ preventScroll: true });
      announce(status, "Answer shown. Grade it: 1 Again, 2 Hard, 3 Good, 4 Easy.");
    }

    function grade(value) {
      if (!session || !session.shown) return;
      var now = new Date();
      var state = store.read();
      var result = scheduler.next(toFsrsCard(FSRS, state.cards[session.slug], now), now, value);
      state.cards[session.slug] = fromFsrsCard(result.card);
      var saved = store.write(state);
      session.done += 1;
      // "Again" comes back once more at the end of this session.
      if (value === 1 && !session.requeued[session.slug]) {
        session.requeued[session.slug] = true;
        session.queue.push(session.slug);
      }
      var due = new Date(result.card.due);
      var said = GRADE_NAMES[value] + ": back on " + formatDate(due) + "." + (saved ? "" : " (Not saved: this browser refuses storage.)");
      session.index += 1;
      if (session.index < session.queue.length) {
        show(true);
        announce(status, said + " " + $(".guide-review__position", root).textContent + ".");
      } else {
        finish(inScope(), true);
        announce(status, said + " " + $(".guide-review__summary", root).textContent);
      }
    }

    function finish(slugs, afterSession) {
      var now = new Date();
      var state = store.read();
      var upcoming = slugs.map(function (s) { return state.cards[s]; }).filter(Boolean)
        .map(function (card) { return Date.parse(card.due); }).sort(function (a, b) { return a - b; });
      var done = $(".guide-review__done", root);
      if (session.current) session.current.hidden = true;
      session.current = null;
      $(".guide-review__controls", root).hidden = true;
      $(".guide-review__position", root).textContent = "";
      $("#guide-review-done-title", root).textContent = afterSession ? "Session complete" : "Nothing due today";
      var text = afterSession ? "You reviewed " + plural(session.done, "question") + ". " : "";
      var next = upcoming.filter(function (t) { return t >= store.endOfToday(now).getTime(); })[0];
      text += slugs.length ? (next ? "The next is due on " + formatDate(new Date(next)) + "." : "") : "No question matches these levels.";
      $(".guide-review__summary", done).textContent = text.trim();
      var again = $(".guide-review__all", done);
      again.hidden = !slugs.length;
      again.textContent = "Review " + (slugs.length === 1 ? "it" : "all " + slugs.length) + " anyway";
      again.onclick = function () { begin(true); };
      done.hidden = false;
      var count = store.counts(slugs, now, state);
      var levelNote = scope.levels.length < LEVELS.length ? " (" + scope.levels.join(", ") + ")" : "";
      $(".guide-review__scope", root).textContent = scope.label + levelNote + " · " + dueText(count, "");
      if (afterSession) done.focus();
    }

    $(".guide-review__show", root).onclick = reveal;
    $$(".guide-review__grade", root).forEach(function (button) {
      button.onclick = function () { grade(Number(button.getAttribute("data-grade"))); };
    });
    root._guideReveal = reveal;
    root._guideGrade = grade;
  }

  // On the review page: choose among the questions in scope for a study-set link.
  function buildReviewSetChoice(root, entry, scope, bySlug) {
    if ($(".guide-set-builder", root)) return;
    var details = el("details", { class: "guide-set-builder" });
    details.appendChild(el("summary", {}, "Make a study-set link from these questions"));
    var list = el("ul", { class: "guide-set-builder__list" });
    var items = scope.slugs.map(function (slug) {
      var li = el("li");
      var title = $(".guide-card__title", bySlug[slug]).textContent.replace(/¶$/, "").trim();
      li.appendChild(el("span", {}, title));
      var level = bySlug[slug].getAttribute("data-level");
      if (level) li.appendChild(el("span", { class: "guide-level guide-level--" + level }, capitalize(level)));
      list.appendChild(li);
      return { slug: slug, title: title, host: li };
    });
    var bar = buildSetBar(entry, items, levelsOf(entry), "guide-set-bar");
    items.forEach(function (item) { item.host.prepend(checkbox(item, bar)); });
    details.append(bar, list);
    $(".guide-review__status", root).after(details);
  }

  /* ---- Keyboard: Space/Enter reveal, 1-4 grade -------------------------------- */

  document.addEventListener("keydown", function (event) {
    var root = document.getElementById("guide-review");
    if (!root || !root._guideReveal || !session || session.root !== root) return;
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable], .md-search, details")) return;
    var search = document.querySelector("[data-md-toggle=search]");
    if (search && search.checked) return;
    var onControl = target.closest && target.closest("a, button, summary");
    if ((event.key === " " || event.key === "Enter") && !session.shown && session.current && !onControl) {
      event.preventDefault();
      root._guideReveal();
    } else if (/^[1-4]$/.test(event.key) && session.shown && session.current) {
      event.preventDefault();
      root._guideGrade(Number(event.key));
    }
  });

  window.GuideReviewSession = { start: startReviewPage };
})();
