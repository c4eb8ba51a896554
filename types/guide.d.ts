// Types of the site's browser scripts (docs/assets/javascripts/*.js), checked by `tsc --noEmit`
// (jsconfig.json). The scheduler's types come from the pinned ts-fsrs package itself.

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

/** The learner's progress, one store keyed by question slug (review-store.js). */
interface GuideState {
  version: number;
  cards: Record<string, StoredCard>;
  marked: Record<string, string>;
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
}
/** An exported progress file: version 1 ("reviewed": page URLs), 2 (+ "review"), 3 ("marked" by slug). */
interface ProgressFile {
  format: string;
  version: number;
  reviewed?: string[];
  marked?: Record<string, string>;
  review?: { version?: number; cards?: Record<string, unknown> };
}
/** What review.js hands the review session (review-session.js). */
interface EntryHelpers {
  dueText(count: Counts, where: string): string;
  reviewAddress(entry: Element, params: URLSearchParams, shareable?: boolean): string;
  levelsOf(entry: Element): Record<string, string>;
  buildSetBar(entry: Element, items: { slug: string; title: string; host: Element }[], levels: Record<string, string>, className: string): HTMLElement;
  checkbox(item: { slug: string; title: string; host: Element }, bar: HTMLElement): HTMLElement;
}
interface WriteResult { ok: boolean; message: string }

/** guide-core.js: helpers shared by the other scripts. */
interface GuideCore {
  // biome-ignore-start lint/suspicious/noExplicitAny: a found element is used as whichever HTML element the selector names
  $(selector: string, root?: ParentNode): any;
  $$(selector: string, root?: ParentNode): any[];
  el(tag: string, attrs?: Record<string, string>, text?: string): any;
  data(node: object): Record<string, any>;
  // biome-ignore-end lint/suspicious/noExplicitAny: see above
  capitalize(text: string): string;
  plural(n: number, noun: string): string;
  announce(region: Element | null, text: string): void;
  copyText(text: string): Promise<void>;
  loadScript(name: string, ready: () => boolean): Promise<void>;
  onPageView(setUp: () => void, readySelector: string): void;
}

/** review-store.js: the one progress store (pure functions). */
interface GuideReviewStore {
  KEY: string;
  LEGACY_KEY: string;
  IMPORT_LIMIT: number;
  checkCard(card: unknown, now: number): CheckedCard;
  checkCards(cards: unknown, now: number, aliases?: Record<string, string>): { cards: Record<string, StoredCard>; problems: string[] };
  read(now?: Date, aliases?: Record<string, string>): { state: GuideState; problems: string[] };
  write(state: GuideState): WriteResult;
  slugOfUrl(url: string): string;
  isDue(card: StoredCard | undefined, now: Date): boolean;
  isStudied(state: GuideState, slug: string): boolean;
  endOfToday(now: Date): Date;
  counts(slugs: string[], now: Date, state: GuideState): Counts;
  planImport(mine: GuideState, data: ProgressFile, now: Date, aliases?: Record<string, string>): ImportPlan;
  applyImport(mine: GuideState, plan: ImportPlan, theirs: boolean): GuideState;
  parseExport(text: string): { data: ProgressFile | null; error: string | null };
  exportData(state: GuideState): { format: string; version: number; marked: Record<string, string>; review: { version: number; cards: Record<string, StoredCard> } };
}

interface Window {
  GuideCore: GuideCore;
  GuideReviewStore: GuideReviewStore;
  GuideReviewSession: { start(root: HTMLElement, entry: Element, helpers: EntryHelpers): void };
  FSRS: typeof import("ts-fsrs");
}
