/**
 * Echoes: what the tester typed, shown back by the site ("Compte de Sandrine", `?name=Sandrine`, a button
 * "Shipping to Sandrine Martin"). The page knows the typed values; it hands the background only salted hashes
 * of them (and of their distinctive words), so neither the background nor its storage ever holds a typed
 * value. One matcher, pure, used on both sides: it finds the runs of words of any text whose hash is in the
 * set, so they can be masked (`[typed]`) or blurred.
 *
 * Why a fast keyed non-cryptographic hash (cyrb53, 53 bits): `crypto.subtle` is missing from pages served over
 * plain http (not a secure context) and is asynchronous, while a click's target is described synchronously,
 * on the click path; the hashes only have to keep values out of storage and messages, and the salt (random
 * per walk, kept in `chrome.storage.session`, memory only, out of content scripts' reach) makes a table of
 * precomputed hashes useless. A false match masks a few innocent words, nothing worse.
 */

export const TYPED = '[typed]';

/** Runs of more words than this are not matched whole (long texts are matched by their shingles). */
export const MAX_RUN_WORDS = 8;
/** A typed value of more words than this is free text: its runs of SHINGLE_WORDS words are hashed. */
const SHORT_VALUE_WORDS = 4;
const SHINGLE_WORDS = 3;
const MAX_SHINGLES = 300;
/** A whole value needs this many letters or digits; a word on its own needs more (see isDistinctive). */
const MIN_VALUE_CHARS = 3;
const MIN_WORD_CHARS = 4;
const MIN_NUMBER_DIGITS = 5;

/**
 * Words too common to stand for what the tester typed: a value "12 avenue des Champs" should not mask every
 * "avenue" of the site. English and French, four letters or more (shorter words never count on their own).
 */
const COMMON_WORDS = new Set(
  (
    'about after again also avec aussi avant bien cette chez comme dans depuis donc elle elles encore entre étaient ' +
    'from have here into just like mais make many more most much must need nous only other over pour plus please ' +
    'quand sans some such than that their them then there these they this those tous tout toute toutes très very ' +
    'vous want were what when where which while will with your yours avenue boulevard chemin impasse street road ' +
    'lane drive place route allée name email mail phone city town ville code pays country address adresse'
  ).split(' '),
);

/** Placeholders of masked text: never words of a text (a value typed as "email" must not eat "[email]"). */
const WORD = /\[(?:typed|text|masked|email|card|iban|phone|number|address)\]|[\p{L}\p{N}\p{M}]+/gu;

interface Word {
  text: string;
  start: number;
  end: number;
}

const NOT_ASCII = /[^\u0020-\u007e]/;

/** A word as it is compared: case, accents and compatibility forms folded ("Hélène" and "HELENE" are one). */
export function foldWord(word: string): string {
  // Most words of most pages: nothing to decompose (NFKD leaves ASCII as it is).
  if (!NOT_ASCII.test(word)) return word.toLowerCase();
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of a text with where they are in it; placeholders are left out. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    if (match[0].startsWith('[')) continue;
    const folded = foldWord(match[0]);
    if (folded === '') continue;
    words.push({ text: folded, start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
  }
  return words;
}

/**
 * cyrb53 (public domain, bryc), a fast 53-bit string hash, as a running state: fed a piece at a time and read at
 * any point, so the matcher hashes every run of words from one start by extending the shorter run.
 */
interface HashState {
  h1: number;
  h2: number;
}

function startHash(seed = 0): HashState {
  return { h1: 0xdeadbeef ^ seed, h2: 0x41c6ce57 ^ seed };
}

function feed(state: HashState, text: string): void {
  let { h1, h2 } = state;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  state.h1 = h1;
  state.h2 = h2;
}

function digest({ h1, h2 }: HashState): number {
  let a = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  a ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  let b = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  b ^= Math.imul(a ^ (a >>> 13), 3266489909);
  return 4294967296 * (2097151 & b) + (a >>> 0);
}

function cyrb53(text: string, seed = 0): number {
  const state = startHash(seed);
  feed(state, text);
  return digest(state);
}

/** The hash of a run of folded words, as the set holds it: `<words>:<hash>` (the count lets the matcher try only lengths that exist). */
function runHash(salt: string, words: readonly string[]): string {
  return `${words.length}:${cyrb53(`${salt}\u0001${words.join(' ')}`).toString(36)}`;
}

/** The shape of one entry of the set: up to MAX_RUN_WORDS words and a hash (a content script may send nothing else). */
export const ECHO_HASH = /^[1-8]:[0-9a-z]{1,12}$/;

/** A word that stands for the value on its own: 4 letters or more and not common, or a number of 5 digits or more (a postcode, a phone). */
function isDistinctive(word: string): boolean {
  if (/^\d+$/.test(word)) return word.length >= MIN_NUMBER_DIGITS;
  return word.length >= MIN_WORD_CHARS && !COMMON_WORDS.has(word);
}

/**
 * The hashes a typed value leaves: the whole value (when it has 3 letters or digits or more and at most
 * MAX_RUN_WORDS words); for a short value (a name, a city, an e-mail: up to 4 words) each distinctive word
 * too, since sites show a first name alone; for free text (more words), each run of 3 words, so a message
 * shown back whole or in part is found. Nothing for a value too short to tell apart ("no", "M", "12").
 */
export function typedValueHashes(salt: string, value: string): string[] {
  const words = wordsOf(value).map((word) => word.text);
  if (words.join('').length < MIN_VALUE_CHARS) return [];
  const hashes = new Set<string>();
  if (words.length <= MAX_RUN_WORDS && (words.length > 1 || !COMMON_WORDS.has(words[0] as string))) hashes.add(runHash(salt, words));
  if (words.length <= SHORT_VALUE_WORDS) {
    for (const word of words) if (isDistinctive(word)) hashes.add(runHash(salt, [word]));
  } else {
    for (let i = 0; i + SHINGLE_WORDS <= words.length && i < MAX_SHINGLES; i++) hashes.add(runHash(salt, words.slice(i, i + SHINGLE_WORDS)));
  }
  return [...hashes];
}

export interface EchoRange {
  start: number;
  end: number;
}

export interface EchoMatcher {
  /** Hashes in the set. */
  readonly size: number;
  /** Where a text shows what the tester typed: ranges of it, in order, not overlapping. */
  findEchoes(text: string): EchoRange[];
  /** The text with every echo replaced by `[typed]`. */
  scrub(text: string): string;
  has(hash: string): boolean;
  /** Adds hashes (from `typedValueHashes` with the same salt); true when one was new. */
  add(hashes: Iterable<string>): boolean;
  /** The set, to hand to another frame or keep for a restarted worker. */
  hashes(): string[];
}

/** A matcher of the walk's echoes: its salt and the hashes the pages sent. */
export function createEchoMatcher(salt: string, initial: Iterable<string> = []): EchoMatcher {
  const set = new Set<string>();
  // The same hashes as numbers, by run length: what the matcher compares, with no string built per run.
  const byLength = new Map<number, Set<number>>();
  let longest = 0;
  const add = (hashes: Iterable<string>) => {
    let added = false;
    for (const hash of hashes) {
      if (!ECHO_HASH.test(hash) || set.has(hash)) continue;
      set.add(hash);
      const colon = hash.indexOf(':');
      const length = Number(hash.slice(0, colon));
      const values = byLength.get(length) ?? new Set<number>();
      byLength.set(length, values);
      values.add(Number.parseInt(hash.slice(colon + 1), 36));
      longest = Math.max(longest, length);
      added = true;
    }
    return added;
  };
  add(initial);
  // Every run's hash starts with the salt: its state is taken once.
  const salted = startHash();
  feed(salted, `${salt}\u0001`);

  /** The longest run of words from `i` whose hash is in the set (0 when none). */
  const longestRunAt = (words: readonly Word[], i: number): number => {
    const state = { ...salted };
    let matched = 0;
    for (let length = 1; length <= longest && i + length <= words.length; length++) {
      feed(state, length === 1 ? (words[i] as Word).text : ` ${(words[i + length - 1] as Word).text}`);
      if (byLength.get(length)?.has(digest(state))) matched = length;
    }
    return matched;
  };

  const findEchoes = (text: string): EchoRange[] => {
    if (set.size === 0 || text === '') return [];
    const words = wordsOf(text);
    const ranges: EchoRange[] = [];
    for (let i = 0; i < words.length; ) {
      // Longest first: "Sandrine Martin" is one echo, not two.
      const matched = longestRunAt(words, i);
      if (matched === 0) {
        i++;
        continue;
      }
      const start = (words[i] as Word).start;
      const end = (words[i + matched - 1] as Word).end;
      const last = ranges[ranges.length - 1];
      // Runs that follow each other with only spaces or punctuation between them are one echo.
      if (last && /^[^\p{L}\p{N}]*$/u.test(text.slice(last.end, start))) last.end = end;
      else ranges.push({ start, end });
      i += matched;
    }
    return ranges;
  };

  return {
    get size() {
      return set.size;
    },
    findEchoes,
    has: (hash) => set.has(hash),
    scrub: (text) => {
      const ranges = findEchoes(text);
      if (ranges.length === 0) return text;
      let out = '';
      let from = 0;
      for (const range of ranges) {
        out += text.slice(from, range.start) + TYPED;
        from = range.end;
      }
      return out + text.slice(from);
    },
    add,
    hashes: () => [...set],
  };
}
