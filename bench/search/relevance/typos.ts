/**
 * Deterministic typo'd variants of clean queries (pure functions). Each operation makes one kind of mistake people make
 * in a search box; where the operation picks a word or a position, it does so with a PRNG seeded from the query id, so
 * the same clean query always gives the same variant.
 */
import { createHash } from 'node:crypto';

/** The kinds of mistakes. */
export const TYPO_OPS = ['drop', 'transpose', 'neighbour', 'double', 'join', 'split', 'two-edits', 'two-words'] as const;
export type TypoOp = (typeof TYPO_OPS)[number];

/** A small deterministic PRNG (mulberry32) seeded from a string. */
export function rng(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Letters next to each letter on a UK QWERTY keyboard. */
const NEIGHBOURS: Record<string, string> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'ol',
  a: 'qsz', s: 'adwx', d: 'sfec', f: 'dgrv', g: 'fhtb', h: 'gjyn', j: 'hkum', k: 'jlim', l: 'kop',
  z: 'xas', x: 'zcs', c: 'xvd', v: 'cbf', b: 'vng', n: 'bmh', m: 'nj',
};

/** One mistake inside a word (never its first letter: people rarely get that wrong). Null when the word is too short. */
export function misspell(word: string, op: 'drop' | 'transpose' | 'neighbour' | 'double', r: () => number): string | null {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return null;
  const i = 1 + Math.floor(r() * (word.length - 1)); // 1 … length-1
  switch (op) {
    case 'drop':
      return word.slice(0, i) + word.slice(i + 1);
    case 'transpose': {
      const j = Math.min(i, word.length - 2);
      if (word[j] === word[j + 1]) return null;
      return word.slice(0, j) + word[j + 1] + word[j] + word.slice(j + 2);
    }
    case 'neighbour': {
      const c = word[i]!;
      return word.slice(0, i) + pick(r, [...(NEIGHBOURS[c] ?? 'e')]) + word.slice(i + 1);
    }
    case 'double':
      return word.slice(0, i) + word[i] + word.slice(i);
  }
}

/**
 * A typo'd variant of `text` by `op`, or null when the operation does not apply (no long enough word, a single word to
 * join …). The text is lower-cased; words are split on spaces only, so "t-light" stays one token ("t-light" → "tlight"
 * is what `join` does to hyphenated words).
 */
export function typoVariant(text: string, op: TypoOp, seed: string): string | null {
  const r = rng(`${seed}:${op}`);
  const tokens = text.toLowerCase().split(/\s+/).filter((t) => t.length > 0);
  const editable = tokens.map((t, i) => ({ t, i })).filter((x) => /^[a-z]{4,}$/.test(x.t));
  const replace = (i: number, w: string) => tokens.map((t, j) => (j === i ? w : t)).join(' ');
  switch (op) {
    case 'drop':
    case 'transpose':
    case 'neighbour':
    case 'double': {
      for (const x of shuffle(editable, r)) {
        const w = misspell(x.t, op, r);
        if (w && w !== x.t) return replace(x.i, w);
      }
      return null;
    }
    case 'two-edits': {
      // Two mistakes in one word of 7+ letters (a dropped letter and a swapped pair).
      for (const x of shuffle(editable.filter((e) => e.t.length >= 7), r)) {
        const a = misspell(x.t, 'drop', r);
        const b = a && misspell(a, 'transpose', r);
        if (b && b !== x.t) return replace(x.i, b);
      }
      return null;
    }
    case 'two-words': {
      // One mistake in each of two words.
      const xs = shuffle(editable, r).slice(0, 2);
      if (xs.length < 2) return null;
      let out = tokens;
      for (const x of xs) {
        const w = misspell(x.t, pick(r, ['drop', 'neighbour', 'transpose'] as const), r);
        if (!w) return null;
        out = out.map((t, j) => (j === x.i ? w : t));
      }
      return out.join(' ');
    }
    case 'join': {
      // A hyphenated word written as one ("t-light" → "tlight"), else two adjacent words run together ("lunchbag").
      const hyphen = tokens.findIndex((t) => /^[a-z]+-[a-z]+$/.test(t));
      if (hyphen >= 0) return replace(hyphen, tokens[hyphen]!.replace('-', ''));
      const pairs = tokens.slice(0, -1).map((_, i) => i).filter((i) => /^[a-z]{2,}$/.test(tokens[i]!) && /^[a-z]{2,}$/.test(tokens[i + 1]!));
      if (pairs.length === 0) return null;
      const i = pick(r, pairs);
      return [...tokens.slice(0, i), tokens[i]! + tokens[i + 1]!, ...tokens.slice(i + 2)].join(' ');
    }
    case 'split': {
      // A hyphenated word with a space ("t-light" → "t light"), else a long word broken in two ("cakestand" → "cake stand").
      const hyphen = tokens.findIndex((t) => /^[a-z]+-[a-z]+$/.test(t));
      if (hyphen >= 0) return replace(hyphen, tokens[hyphen]!.replace('-', ' '));
      const long = editable.filter((x) => x.t.length >= 7);
      if (long.length === 0) return null;
      const x = pick(r, long);
      const at = 3 + Math.floor(r() * (x.t.length - 5)); // both parts 3+ letters
      return replace(x.i, `${x.t.slice(0, at)} ${x.t.slice(at)}`);
    }
  }
}

function shuffle<T>(xs: readonly T[], r: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
