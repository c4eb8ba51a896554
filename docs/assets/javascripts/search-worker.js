// @ts-check
/* The guide's search: a web worker that answers Material's search messages with MiniSearch.

   Material's bundle starts the worker named in the page's __config ("search", set in
   overrides/main.html), sends it SETUP (0) with the index (search/search_index.json, written
   by src/studyguide/site/search.py; from file:// the offline build's search_index.js) and then
   one QUERY (2) per keystroke; the worker answers READY (1) and RESULT (3) with Material's
   result shape ({items: [[article, ...sections]], suggest}), so Material's dialog, result
   list, keyboard handling, ?q= share links and ?h= page highlighting work unchanged.
   From file:// the worker runs in an iframe (the iframe-worker shim), where importScripts
   returns a promise: it is awaited.

   Ranking (see the README, "How search ranks"):
   - the text of the index and of the query goes through the same analysis: lowercase,
     accents off, British to American spelling (-isation, -elling), plural and -ing/-ed
     endings off, filler words ("how", "does", "explain", "vs" …, from the index) dropped;
     a hyphenated word is indexed as its parts and as one word (gpt-3: gpt, 3, gpt3);
   - each query word scores the documents that contain it (BM25 per field, times the field's
     weight), as a whole word, else as a prefix (lower), else (words of 5 letters or more that
     the index lacks) as its one-edit corrections (missing, extra, wrong or swapped letter; lower);
   - an abbreviation also counts as its expansions and an expansion as its abbreviation
     (data/search.yml);
   - two query words next to each other in a field of the document add a phrase bonus;
   - the sum is multiplied by the share of the query's words the document has, squared, and
     by the document's kind (question, glossary term, notebook, site page);
   - "24", "Q24", "q 24", "question 24" put question 24 first. */
(function () {
  "use strict";

  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  const PREFIX_MIN = 3;       // shortest query word that also matches as a prefix (the word being typed)
  const CORRECT_MIN = 5;      // shortest query word that is corrected when the index lacks it
  // The ranking's numbers come with the index (src/studyguide/site/search.py, RANKING).
  /** @type {SearchRanking} */
  let R = /** @type {any} */ (null);
  const MAX_RESULTS = 40;
  const PHRASE_CANDIDATES = 100;
  const EXCERPT = 260;        // characters of text shown under a result

  /** @type {SearchState} */
  let state = /** @type {any} */ (null);

  /* ---------------------------------------------------------------- analysis */

  const WORD_SPLIT = /[\s,;:!?()[\]{}"“”‘’«»<>|=*…/\\]+|\.(?!\d)/;
  const WORD_RE = /[\p{L}\p{N}]+(?:[-'.][\p{L}\p{N}]+)*/gu;

  function parts(word) {
    return word.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^a-z0-9]+/).filter(Boolean);
  }

  /** @param {string} t */
  function stem(t) {
    t = t.replace(/is(ation|ations|e|ed|es|ing|er|ers)$/, "iz$1").replace(/([^l])ll(ing|ed|er)$/, "$1l$2");
    if (/iz(ation|ations|e|es|ed|er|ers|ing)$/.test(t)) return t.replace(/iz[a-z]*$/, "iz");
    if (t.length > 4 && /ies$/.test(t)) t = t.slice(0, -3) + "y";
    else if (t.length > 3 && /s$/.test(t) && !/(ss|us|is)$/.test(t)) t = t.slice(0, -1);
    if (t.length > 5 && /ing$/.test(t)) t = t.slice(0, -3);
    else if (t.length > 5 && /ed$/.test(t)) t = t.slice(0, -2);
    return t;
  }

  function term(part) {
    let t = state.memo.get(part);
    if (t === undefined) {
      t = state.filler.has(part) ? null : stem(part);
      if (t !== null && state.filler.has(t)) t = null;
      if (state.memo.size < 200000) state.memo.set(part, t);
    }
    return t;
  }

  /* A field's text as the sequence of its terms (null between list items and dropped words
     keep no gap: "mixture of experts" is two adjacent terms), plus hyphenated words joined. */
  function analyse(value, raw) {
    const stream = [], joined = [];
    (Array.isArray(value) ? value : [value]).forEach(function (item) {
      String(item).split(WORD_SPLIT).forEach(function (word) {
        const ps = parts(word);
        ps.forEach(function (p) {
          const t = term(p);
          if (t) { stream.push(t); if (raw) raw.set(p, t); }
        });
        if (ps.length > 1) {
          const j = term(ps.join(""));
          if (j) { joined.push(j); if (raw) raw.set(ps.join(""), j); }
        }
      });
      stream.push(null);
    });
    return { stream: stream, joined: joined };
  }

  /* ------------------------------------------------------------------- setup */

  /** @param {SearchIndex} data */
  function setup(data) {
    const guide = data.config.guide;
    if (!guide) throw new Error("search index without the guide's configuration: rebuild the site");
    R = guide.ranking;
    state = /** @type {SearchState} */ ({
      filler: new Set(guide.filler),
      weights: guide.weights,
      kinds: guide.kinds,
      fields: Object.keys(guide.weights),
      docs: data.docs,
      streams: [],
      tf: [],                // per document: field -> Map(term -> count), and each field's length
      avg: {},               // average length of each field
      df: new Map(),         // term -> number of documents that have it
      vocab: new Map(),      // raw word -> term
      terms: new Set(),
      numbers: new Map(),
      short: new Map(),      // abbreviation term -> [[expansion terms]]
      long: [],              // [expansion terms, abbreviation term]
      cache: new Map(),
      memo: new Map(),       // word -> term (or null)
      suggest: data.options && data.options.suggest,
      /** @type {any} the candidates' index (MiniSearch), set up below */
      index: null
    });
    const indexed = data.docs.map(function (doc, id) {
      const row = { id: id }, streams = /** @type {Record<string, any>} */ ({});
      state.fields.forEach(function (field) {
        if (doc[field] === undefined) return;
        const a = analyse(doc[field], state.vocab);
        streams[field] = a.stream;
        row[field] = a.stream.filter(Boolean).concat(a.joined);
      });
      state.streams.push(streams);
      const tf = /** @type {SearchCounts} */ ({ length: {} });
      state.fields.forEach(function (field) {
        if (!row[field]) return;
        const counts = new Map(), list = row[field];
        list.forEach(function (t) { counts.set(t, (counts.get(t) || 0) + 1); });
        tf[field] = counts;
        tf.length[field] = list.length;
        state.avg[field] = (state.avg[field] || 0) + list.length / data.docs.length;
      });
      const unique = new Set();
      state.fields.forEach(function (field) {
        if (tf[field]) tf[field].forEach(function (_count, t) { unique.add(t); });
      });
      unique.forEach(function (t) { state.df.set(t, (state.df.get(t) || 0) + 1); });
      state.tf.push(tf);
      // MiniSearch finds the documents that have a term (or a term it begins); the worker
      // scores them from these counts, so MiniSearch gets each document's terms once.
      if (doc.number) state.numbers.set(doc.number, id);
      return { id: id, terms: Array.from(unique).join(" ") };
    });
    state.vocab.forEach(function (t) { state.terms.add(t); });
    guide.abbreviations.forEach(function (entry) {
      const short = term(entry[0]);
      if (!short) return;
      const expansions = entry[1].map(function (long) {
        return analyse(long).stream.filter(Boolean);
      }).filter(function (seq) { return seq.length; });
      state.short.set(short, expansions);
      expansions.forEach(function (seq) { state.long.push([seq, short]); });
    });
    state.index = new MiniSearch({
      fields: ["terms"],
      tokenize: function (text) { return text.split(" "); },
      processTerm: function (t) { return t || null; }
    });
    state.index.addAll(indexed);
  }

  /* -------------------------------------------------------------------- query */

  /** @param {string} query @returns {SearchQuery} */
  function parseQuery(query) {
    const number = /^\s*(?:q(?:uestion)?\s*\.?\s*(?:no\.?|number)?\s*#?\s*|#\s*)?(\d{1,4})\s*$/i.exec(query);
    const units = [];
    query.split(WORD_SPLIT).forEach(function (word) {
      const ps = parts(word);
      if (!ps.length) return;
      const ts = ps.map(term).filter(Boolean);
      if (!ts.length) return;
      const alts = [];
      const whole = ps.length > 1 ? term(ps.join("")) : null;
      if (whole) alts.push({ terms: [whole], weight: 1 });
      alts.push({ terms: ts, weight: 1 });
      units.push({ label: word.toLowerCase(), raw: ps.join(""), alts: alts, optional: false, prefix: false });
    });
    if (units.length && !/\s$/.test(query)) units[units.length - 1].prefix = true;
    // An abbreviation also counts as its expansions ...
    units.forEach(function (unit) {
      const single = unit.alts[unit.alts.length - 1].terms;
      if (single.length === 1 && state.short.has(single[0]))
        /** @type {string[][]} */ (state.short.get(single[0])).forEach(function (seq) { unit.alts.push({ terms: seq, weight: R.expansion }); });
    });
    // ... and an expansion as its abbreviation (an extra, optional word).
    const flat = units.map(function (u) { return u.alts[u.alts.length - 1].terms.join(" "); });
    state.long.forEach(function (pair) {
      const seq = pair[0].join(" ");
      for (let i = 0; i + pair[0].length <= flat.length; i++)
        if (flat.slice(i, i + pair[0].length).join(" ") === seq)
          units.push({ label: pair[1], raw: pair[1], alts: [{ terms: [pair[1]], weight: R.expansion }], optional: true });
    });
    return { number: number ? +number[1] : null, units: units };
  }

  function within1(a, b) {
    const la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1 || a === b) return false;
    let i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;                 // wrong letter
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swapped
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // extra / missing
  }

  function corrections(t, raw) {
    const found = new Set();
    state.vocab.forEach(function (value, word) {
      if (word.length >= CORRECT_MIN - 1 && (within1(raw, word) || within1(t, value))) found.add(value);
    });
    return Array.from(found);
  }

  /* BM25F: a term's frequencies in the document's fields, each weighted and normalised by
     the field's length, are added up before saturation, and the term's rarity (idf) counts
     once, across the whole document: a common word that happens to be in every field of a
     broad page does not outweigh the rare word of the query. */
  function bm25f(t, id) {
    let doc = state.tf[id], tilde = 0;
    state.fields.forEach(function (field) {
      const counts = doc[field];
      const tf = counts && counts.get(t);
      if (tf) tilde += state.weights[field] * tf / (1 - R.b + R.b * doc.length[field] / state.avg[field]);
    });
    const df = state.df.get(t) || 0, n = state.docs.length;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    return idf * tilde * (R.k + 1) / (tilde + R.k);
  }

  /* Scores of one query term: docId -> {score, terms: the index terms it matched}. MiniSearch
     finds the documents (the whole word, or as a prefix); the worker scores them. */
  /** @param {string} t @param {string} raw @param {boolean | undefined} prefix @returns {Map<number, SearchHit>} */
  function termScores(t, raw, prefix) {
    const key = t + "\u0000" + raw + "\u0000" + prefix;
    const cached = state.cache.get(key);
    if (cached) return cached;
    const scores = new Map();
    function add(results, weightOf) {
      results.forEach(function (r) {
        const s = scores.get(r.id) || { score: 0, terms: new Set() };
        Object.keys(r.match).forEach(function (found) {
          s.score = Math.max(s.score, weightOf(found) * bm25f(found, r.id));
          s.terms.add(found);
        });
        scores.set(r.id, s);
      });
    }
    add(state.index.search(t, { prefix: prefix && t.length >= PREFIX_MIN, fuzzy: false }), function (found) {
      return found === t ? 1 : R.prefix;
    });
    if (!state.terms.has(t) && raw.length >= CORRECT_MIN && !/^\d+$/.test(raw)) {
      const near = corrections(t, raw);
      if (near.length)
        add(state.index.search({ combineWith: "OR", queries: near }, { prefix: false, fuzzy: false }), function () {
          return R.correction;
        });
    }
    if (state.cache.size > 500) state.cache.clear();
    state.cache.set(key, scores);
    return scores;
  }

  function phrase(id, first, second) {
    let streams = state.streams[id], best = 0;
    state.fields.forEach(function (field) {
      const s = streams[field];
      if (!s) return;
      for (let i = 0; i + 1 < s.length; i++)
        if (s[i] !== null && first.has(s[i]) && second.has(s[i + 1])) {
          best = Math.max(best, state.weights[field]);
          return;
        }
    });
    return best;
  }

  /** @param {string} query */
  function search(query) {
    const parsed = parseQuery(query);
    const units = parsed.units;
    const perUnit = units.map(function (unit) {
      const best = new Map();
      unit.alts.forEach(function (option) {
        const alt = option.terms, weight = option.weight;
        const maps = alt.map(function (t, k) {
          return termScores(t, alt.length === 1 && weight === 1 ? unit.raw : t, unit.prefix && k === alt.length - 1);
        });
        maps[0].forEach(function (_first, id) {
          let score = 0, terms = new Set(), ok = true;
          maps.forEach(function (m) {
            const hit = m.get(id);
            if (!hit) { ok = false; return; }
            score += hit.score;
            hit.terms.forEach(function (x) { terms.add(x); });
          });
          if (!ok) return;
          score /= alt.length;  // an expansion or a hyphenated word counts as one word
          if (alt.length > 1) {
            let adjacent = 0;
            for (let k = 0; k + 1 < alt.length; k++)
              adjacent += phrase(id, /** @type {SearchHit} */ (maps[k].get(id)).terms, /** @type {SearchHit} */ (maps[k + 1].get(id)).terms);
            score += adjacent * R.phrase;
          }
          score *= weight;
          // The best alternative scores; every alternative found is highlighted.
          const prev = best.get(id);
          if (!prev) best.set(id, { score: score, terms: terms });
          else {
            prev.score = Math.max(prev.score, score);
            terms.forEach(function (x) { prev.terms.add(x); });
          }
        });
      });
      return best;
    });

    const required = units.filter(function (u) { return !u.optional; }).length;
    const totals = new Map();
    perUnit.forEach(function (best, u) {
      best.forEach(function (hit, id) {
        const total = totals.get(id) || { score: 0, matched: 0, terms: new Set(), units: new Set() };
        total.score += hit.score;
        if (!units[u].optional) total.matched += 1;
        total.units.add(u);
        hit.terms.forEach(function (x) { total.terms.add(x); });
        totals.set(id, total);
      });
    });
    function final(total, id) {
      const coverage = required ? total.matched / required : 1;
      return total.score * coverage ** R.coverage * (state.kinds[state.docs[id].kind] || 1);
    }
    const ranked = [];
    totals.forEach(function (total, id) { ranked.push({ id: id, total: total, score: final(total, id) }); });
    // Query words side by side in the document: looked for in the best candidates only
    // (the phrase bonus reorders them; it cannot lift a page from far below).
    if (units.length > 1) {
      ranked.sort(function (a, b) { return b.score - a.score; });
      ranked.slice(0, PHRASE_CANDIDATES).forEach(function (r) {
        for (let u = 0; u + 1 < units.length; u++) {
          if (units[u].optional || units[u + 1].optional) continue;
          const a = perUnit[u].get(r.id), b = perUnit[u + 1].get(r.id);
          if (a && b) r.total.score += R.phrase * phrase(r.id, a.terms, b.terms);
        }
        r.score = final(r.total, r.id);
      });
    }
    if (parsed.number !== null && state.numbers.has(parsed.number)) {
      const id = /** @type {number} */ (state.numbers.get(parsed.number));
      const existing = ranked.find(function (r) { return r.id === id; });
      if (existing) existing.score += 1e6;
      else ranked.push({ id: id, total: { terms: new Set(), units: new Set() }, score: 1e6 });
    }
    ranked.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return { parsed: parsed, ranked: ranked.slice(0, MAX_RESULTS) };
  }

  /* ------------------------------------------------------------------ results */

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function matches(word, matched) {
    const ps = parts(word);
    if (ps.length > 1 && matched.has(term(ps.join("")))) return true;
    return ps.some(function (p) { const t = term(p); return t && matched.has(t); });
  }

  /* Text with the matched words in <mark>, escaped; the surface words marked go to `seen`. */
  function mark(text, matched, seen) {
    let out = "", last = 0;
    for (const m of text.matchAll(WORD_RE)) {
      if (!matches(m[0], matched)) continue;
      out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
      last = m.index + m[0].length;
      seen.add(m[0].toLowerCase());
    }
    return out + escapeHtml(text.slice(last));
  }

  function excerpt(doc, matched) {
    const paragraphs = /** @type {string[]} */ ([]).concat(doc.text || [], doc.extra || [], doc.synonyms && doc.synonyms.length ? [doc.synonyms.join(", ")] : []);
    for (let i = 0; i < paragraphs.length; i++) {
      const p = paragraphs[i];
      for (const m of p.matchAll(WORD_RE))
        if (matches(m[0], matched)) {
          let dot = p.lastIndexOf(". ", m.index), start = dot < 0 ? 0 : dot + 2;
          if (m.index - start > EXCERPT / 2) start = p.indexOf(" ", m.index - EXCERPT / 3) + 1;
          return (start > 0 ? "…" : "") + cut(p.slice(start));
        }
    }
    return paragraphs.length ? cut(paragraphs[0]) : "";
  }

  function cut(text) {
    if (text.length <= EXCERPT) return text;
    const end = text.lastIndexOf(" ", EXCERPT);
    return text.slice(0, end > 0 ? end : EXCERPT) + " …";
  }

  function item(doc, hit, score, parsed, seen) {
    const matched = hit.total.terms;
    const terms = {};
    const title = mark(doc.title, matched, seen);
    const text = doc.kind === "page" && doc.location.indexOf("#") < 0 && !doc.text.length
      ? "" : mark(excerpt(doc, matched), matched, seen);
    seen.forEach(function (w) { terms[w] = true; });
    parsed.units.forEach(function (unit, u) {
      if (!unit.optional && !hit.total.units.has(u)) terms[unit.label] = false;
    });
    const out = { location: doc.location, title: title, text: text, score: score, terms: terms };
    if (doc.tags && doc.tags.length) out.tags = doc.tags.map(escapeHtml);  // Material inserts them as HTML
    return out;
  }

  /** @param {string} query */
  function results(query) {
    const found = search(query);
    const groups = [], byPage = new Map();
    found.ranked.forEach(function (hit) {
      const doc = state.docs[hit.id];
      const seen = new Set();
      const entry = item(doc, hit, hit.score, found.parsed, seen);
      const hash = doc.location.indexOf("#");
      const page = hash < 0 ? doc.location : doc.location.slice(0, hash);
      let group = byPage.get(page);
      if (hash < 0) {
        // A page: its own group, or the article of a group its terms started.
        if (group) group[0] = Object.assign(entry, { score: group[0].score });
        else { byPage.set(page, [entry]); groups.push(byPage.get(page)); }
        return;
      }
      // A glossary term: under its page's article, like Material's page sections.
      if (!group) {
        const article = state.docs.find(function (d) { return d.location === page; });
        group = [{ location: page, title: escapeHtml(article ? article.title : page), text: "", score: hit.score, terms: entry.terms }];
        byPage.set(page, group);
        groups.push(group);
      }
      group.push(entry);
    });
    const out = { items: groups };
    if (state.suggest) out.suggest = suggest(query, found);
    return out;
  }

  function suggest(query, found) {
    const words = query.split(/[\s-]+/);
    const last = words[words.length - 1].toLowerCase();
    if (!last || !found.ranked.length) return [];
    const title = state.docs[found.ranked[0].id].title.match(WORD_RE) || [];
    const word = title.map(function (w) { return w.toLowerCase(); }).find(function (w) {
      return w.length > last.length && w.indexOf(last) === 0;
    });
    return word ? [word] : [];
  }

  /* ------------------------------------------------------------------ messages */

  function base() {
    // Under the iframe-worker shim (file://) this script is the iframe's first script.
    if (typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent) {
      const script = /** @type {HTMLScriptElement | null} */ (document.querySelector("script[src]"));
      if (script) return script.src;
    }
    return self.location.href;
  }

  async function handle(message) {
    switch (message.type) {
      case SETUP:
        if (typeof MiniSearch === "undefined")
          await importScripts(new URL("vendor/minisearch/index.js", base()).href);
        setup(message.data);
        return { type: READY };
      case QUERY:
        try {
          return { type: RESULT, data: results(String(message.data)) };
        } catch (error) {
          console.warn("search failed for " + JSON.stringify(message.data), error);
          return { type: RESULT, data: { items: [] } };
        }
      default:
        throw new TypeError("Invalid message type");
    }
  }

  addEventListener("message", async function (event) {
    postMessage(await handle(event.data));
  });
})();
