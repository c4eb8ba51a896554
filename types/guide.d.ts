// Types of the site's browser scripts (docs/assets/javascripts/*.js), checked by `tsc --noEmit`
// (tsconfig.json). The scheduler's types come from the pinned ts-fsrs package itself.

/** A review schedule as stored: ts-fsrs's Card with its dates as ISO strings. */
interface StoredCard {
  due: string;
  last_review: string | null;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
}

/**
 * The learner's progress: ONE store in localStorage (key llm-guide.review), keyed by question
 * slug, read on every page (counts, marks), written by review (grades), "Mark studied" and import.
 * Stored as {"version": 2, "cards": {slug: card}, "marked": {slug: ISO date}}. A question is
 * "studied" when it has a card or a mark. Version 1 had no "marked"; the older list of page URLs
 * (key llm-guide.reviewed) is folded into "marked" on read and removed on the next write.
 */
interface GuideState {
  version: number;
  cards: Record<string, StoredCard>;
  marked: Record<string, string>;
  /** The study plan (StudyPlan), kept as stored; study-plan.js checks it. */
  plan?: unknown;
  /** "Again" grades by slug, kept as stored; study-plan.js checks them. */
  again?: unknown;
}

/** The learner's plan: an interview date (local YYYY-MM-DD), new questions a day, new ones taken on newDay. */
interface StudyPlan {
  interview: string | null;
  newPerDay: number;
  newDay: string | null;
  newCount: number;
}
/** study-plan.js: the plan's rules (pure functions). */
interface GuideStudyPlan {
  checkPlan(value: unknown): StudyPlan;
  checkAgain(value: unknown, aliases?: Record<string, string>): Record<string, number>;
  parseDay(text: string): Date | null;
  dayOf(date: Date): string;
  /** Whole days from today to the interview; null without one. */
  daysLeft(plan: StudyPlan, now: Date): number | null;
  /** The longest interval that lands before the interview (the day before, at least 1); null without one ahead. */
  maxInterval(plan: StudyPlan, now: Date): number | null;
  /** The last CRAM_DAYS days: every question in scope is due, weakest first. */
  cramming(plan: StudyPlan, now: Date): boolean;
  newToday(plan: StudyPlan, now: Date): number;
  /** New questions still allowed today: the limit, raised so every question is seen before the interview. */
  newAllowance(plan: StudyPlan, unseen: number, now: Date): number;
  countNew(plan: StudyPlan, now: Date): StudyPlan;
  weakness(state: GuideState, slug: string): number;
  byWeakness(slugs: string[], state: GuideState): string[];
  /** Questions with "Again" grades or lapses, weakest first. */
  weakList(slugs: string[], state: GuideState): string[];
  NEW_PER_DAY: number;
  CRAM_DAYS: number;
}

interface CheckedCard { card: StoredCard | null; problem: string | null }
interface Counts { due: number; studied: number; fresh: number; total: number }
interface ImportPlan {
  cards: Record<string, StoredCard>;
  marks: Record<string, string>;
  added: string[];
  conflicts: string[];
  newMarks: string[];
  problems: string[];
  /** The plan after the import: the file's interview date and limit when the reader had no date. */
  plan: StudyPlan;
  takePlan: boolean;
  /** "Again" counts, the larger of the reader's and the file's. */
  again: Record<string, number>;
}
/**
 * An exported progress file: version 1 ("reviewed": page URLs), 2 (+ "review"), 3 ("marked" by slug),
 * 4 (+ "plan": the StudyPlan, "again": "Again" grades by slug).
 */
interface ProgressFile {
  format: string;
  version: number;
  reviewed?: string[];
  marked?: Record<string, string>;
  review?: { version?: number; cards?: Record<string, unknown> };
  plan?: unknown;
  again?: unknown;
}
/** What study.js hands progress-file.js. */
interface FileHelpers {
  aliases: Record<string, string>;
  render(): void;
  showProblems(host: Element, problems: string[], lead: string, kind: string): void;
}
/** A question that can join a study set, and the element its checkbox goes into. */
interface SetItem { slug: string; title: string; host: Element }
type ReviewAddress = (entry: Element, params: URLSearchParams, shareable?: boolean) => string;
/** study-set.js */
interface GuideStudySet {
  toggle(entry: Element, toggle: HTMLElement, items: SetItem[], levels: Record<string, string>, reviewAddress: ReviewAddress): void;
  buildSetBar(entry: Element, items: SetItem[], levels: Record<string, string>, className: string, reviewAddress: ReviewAddress): HTMLElement;
  checkbox(item: SetItem, bar: HTMLElement): HTMLElement;
}
/** What review.js hands the review session (review-session.js). */
interface EntryHelpers {
  dueText(count: Counts, where: string): string;
  reviewAddress: ReviewAddress;
  levelsOf(entry: Element): Record<string, string>;
  loadStudySet(): Promise<GuideStudySet>;
}
interface WriteResult { ok: boolean; message: string }

/** guide-core.js: helpers shared by the other scripts. */
interface GuideCore {
  // biome-ignore-start lint/suspicious/noExplicitAny: a found element is used as whichever HTML element the selector names
  $(selector: string, root?: ParentNode): any;
  $$(selector: string, root?: ParentNode): any[];
  el(tag: string, attrs?: Record<string, string>, text?: string): any;
  /** Per-element state (a WeakMap), instead of properties on DOM nodes. */
  data(node: object): Record<string, any>;
  // biome-ignore-end lint/suspicious/noExplicitAny: see above
  capitalize(text: string): string;
  plural(n: number, noun: string): string;
  /** Say `text` in a live region: cleared first, so the same words twice are heard twice; it stays until the next. */
  announce(region: Element | null, text: string): void;
  /** The clipboard, or the textarea fallback where it is refused (file://, http). */
  copyText(text: string): Promise<void>;
  /** Load a script of this folder once; resolves when `ready()` holds. */
  loadScript(name: string, ready: () => boolean): Promise<void>;
  /**
   * Run `setUp` on every page view: Material's document$ (instant navigation included), or the page
   * load where it stays silent (file://), unless `readySelector` says the page is set up already.
   */
  onPageView(setUp: () => void, readySelector: string): void;
}

/** review-store.js: the one progress store (pure functions). */
interface GuideReviewStore {
  KEY: string;
  LEGACY_KEY: string;
  /**
   * A card as ts-fsrs accepts it, or the reason it is not one; by ts-fsrs's own rules
   * (S_MIN..S_MAX stability, difficulty 1..10, states New 0 .. Relearning 3) and the clock.
   * Memory must be positive once a card left New; out of range it is clamped; a last
   * review after `now` is set to now; a bad date, an unknown state or no memory drops it.
   */
  checkCard(card: unknown, now: number): CheckedCard;
  /** The cards worth keeping; each problem as "slug: reason". Two names of one renamed question: the later review wins. */
  checkCards(cards: unknown, now: number, aliases?: Record<string, string>): { cards: Record<string, StoredCard>; problems: string[] };
  /** The stored progress, checked; the old "reviewed" URL list folded into marks; renamed slugs follow `aliases`. */
  read(now?: Date, aliases?: Record<string, string>): { state: GuideState; problems: string[] };
  /** Store the progress; a refusal (storage full or off) is said and leaves what was stored as it was. */
  write(state: GuideState): WriteResult;
  /** "concepts/bert/" or "concepts/bert.html" -> "bert". */
  slugOfUrl(url: string): string;
  /** Due before the first moment of tomorrow, local time. */
  isDue(card: StoredCard | undefined, now: Date): boolean;
  /** Graded in review (has a card) or marked "Studied" on its page. */
  isStudied(state: GuideState, slug: string): boolean;
  endOfToday(now: Date): Date;
  /** The one set of counts shown everywhere: due today, studied, not studied yet (fresh). */
  counts(slugs: string[], now: Date, state: GuideState): Counts;
  /** Marks {slug: ISO date}, also from a list of page URLs (export version 1, the old key). */
  checkMarks(marked: unknown, now: number, aliases?: Record<string, string>): Record<string, string>;
  VERSION: number;
}

interface Window {
  GuideCore: GuideCore;
  GuideReviewStore: GuideReviewStore;
  GuideReviewSession: { start(root: HTMLElement, entry: Element, helpers: EntryHelpers): void };
  GuideStudySet: GuideStudySet;
  GuideProgressFile: {
    exportProgress(status: Element | null, helpers: FileHelpers): void;
    importProgress(file: File, status: Element | null, helpers: FileHelpers): void;
  };
  GuideStudyPlan: GuideStudyPlan;
  FSRS: typeof import("ts-fsrs");
}

/** MiniSearch's UMD build (vendor/minisearch), loaded by the search worker: typed by the pinned package. */
declare const MiniSearch: typeof import("minisearch").default;
/** The worker's script loader (the search worker runs as a Web Worker, or in the offline shim's iframe). */
declare function importScripts(...urls: string[]): void;

/* The search worker (search-worker.js): the index it gets (src/studyguide/site/search.py) and its state. */
/** A document of the guide's search index: a question, a glossary term, a notebook or a site page. */
interface SearchDoc {
  location: string;
  kind: string;
  title: string;
  /** A question's number in the source, or the guide's own id ("g3"). */
  number?: number | string;
  synonyms?: string[];
  terms?: string[];
  tags?: string[];
  text: string[];
  extra?: string[];
}
/** The ranking's numbers (search.py, RANKING): BM25's k and b, and the weights of the kinds of match. */
interface SearchRanking {
  k: number;
  b: number;
  prefix: number;
  correction: number;
  expansion: number;
  phrase: number;
  coverage: number;
}
/** The index as the worker gets it with SETUP; config.guide is the guide's part (search.py, guide_config). */
interface SearchIndex {
  config: {
    guide?: {
      weights: Record<string, number>;
      kinds: Record<string, number>;
      ranking: SearchRanking;
      filler: string[];
      /** [abbreviation, its expansions] (data/search.yml). */
      abbreviations: [string, string[]][];
    };
  };
  docs: SearchDoc[];
  options?: { suggest?: boolean };
}
/** A document's term counts per field (field -> term -> count), and each field's length in terms. */
type SearchCounts = Record<string, Map<string, number>> & { length: Record<string, number> };
/** How one query term (or one query word) scores a document, and the index terms it matched there. */
interface SearchHit {
  score: number;
  terms: Set<string>;
}
/** A query word: its alternatives (the whole word, its parts, its expansions), each a sequence of terms. */
interface SearchUnit {
  label: string;
  raw: string;
  alts: { terms: string[]; weight: number }[];
  /** An abbreviation the query's words spell out: it adds to the score, it is not required. */
  optional: boolean;
  /** The last word, still being typed: it also matches as a prefix (not set on optional words). */
  prefix?: boolean;
}
interface SearchQuery {
  number: number | null;
  units: SearchUnit[];
}
/** The worker's state, built by setup() from the index. */
interface SearchState {
  filler: Set<string>;
  weights: Record<string, number>;
  kinds: Record<string, number>;
  fields: string[];
  docs: SearchDoc[];
  /** Per document: field -> its terms in order, null between list items. */
  streams: Record<string, (string | null)[]>[];
  tf: SearchCounts[];
  /** The average length of each field. */
  avg: Record<string, number>;
  /** Term -> the number of documents that have it. */
  df: Map<string, number>;
  /** Raw word -> term. */
  vocab: Map<string, string>;
  terms: Set<string>;
  /** A question's number -> its document. */
  numbers: Map<number | string, number>;
  /** Abbreviation term -> its expansions' terms. */
  short: Map<string, string[][]>;
  /** [expansion terms, abbreviation term]. */
  long: [string[], string][];
  /** termScores() by its arguments. */
  cache: Map<string, Map<number, SearchHit>>;
  /** Word -> term (null: a dropped word). */
  memo: Map<string, string | null>;
  suggest: boolean | undefined;
  /** The candidates' index: each document's terms, once. */
  index: InstanceType<typeof MiniSearch>;
}
