import { describe, expect, it } from 'vitest';
import { toMarkedHtml } from '../src/search/highlight.ts';
import { parseQuery, replaceWords } from '../src/search/service.ts';
import { buildTsQueries, editDistance, maxEdits, MIN_PREFIX_LENGTH, normalizeText, skeleton, wordsOf } from '../src/search/text.ts';
import { chooseCorrections, PREFIX_EXPANSIONS, prefixExpansions } from '../src/search/vocabulary.ts';

describe('query text', () => {
  it('normalizes like lower(unaccent()) and splits on anything but letters and digits', () => {
    expect(normalizeText('Crème BRÛLÉE')).toBe('creme brulee');
    expect(wordsOf(normalizeText('Hart T-Lite, holdr!'))).toEqual(['hart', 't', 'lite', 'holdr']);
    expect(wordsOf('')).toEqual([]);
  });

  it('treats the last word as a prefix only while it is being typed', () => {
    expect(parseQuery('heart hold').lastIsPrefix).toBe(true);
    expect(parseQuery('heart hold ').lastIsPrefix).toBe(false);
    expect(parseQuery('heart hold.').lastIsPrefix).toBe(false);
    expect(parseQuery(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ')).words).toHaveLength(16);
  });

  it('replaces words in place, keeping separators', () => {
    expect(replaceWords('hart t-lite holdr', (i) => ['heart', undefined, 'light', 'holder'][i])).toBe('heart t-light holder');
  });

  it('measures edits with transpositions and bounds the work', () => {
    expect(editDistance('holdr', 'holder')).toBe(1);
    expect(editDistance('chrsitmas', 'christmas')).toBe(1);
    expect(editDistance('lite', 'light')).toBe(3);
    expect(editDistance('abc', 'abcdefgh', 2)).toBe(3);
    expect([1, 2, 3, 5, 6, 12].map(maxEdits)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('gives same-sounding spellings the same consonant key', () => {
    expect(skeleton('light')).toBe(skeleton('lite'));
    expect(skeleton('heart')).toBe(skeleton('hart'));
    expect(skeleton('headphones')).toBe(skeleton('hedphones'));
    expect(skeleton('wireless')).toBe(skeleton('wireles'));
    expect(skeleton('holder')).not.toBe(skeleton('heart'));
  });

  it('builds strict, relaxed, any, original and phrase queries', () => {
    const q = buildTsQueries([
      { word: 'hart', prefix: false, corrections: ['heart'] },
      { word: 't', prefix: false, corrections: [] },
      { word: 'holdr', prefix: true, corrections: ['holder'] },
    ])!;
    expect(q.all).toBe('(hart | heart) & t & (holdr:* | holder)');
    expect(q.relaxed).toBe('(t & (holdr:* | holder)) | ((hart | heart) & (holdr:* | holder)) | ((hart | heart) & t)');
    expect(q.any).toBe('hart | heart | t | holdr:* | holder');
    expect(q.original).toBe('hart & t & holdr:*');
    expect(q.phrase).toBe('heart t holder');
    expect(buildTsQueries([])).toBeNull();
  });

  it('expands a last word typed as a prefix only from MIN_PREFIX_LENGTH characters', () => {
    const last = (word: string) => buildTsQueries([{ word: 'set', prefix: false, corrections: [] }, { word, prefix: true, corrections: [] }])!;
    expect(MIN_PREFIX_LENGTH).toBe(3);
    expect(last('2').all).toBe('set & 2');
    expect(last('ha').original).toBe('set & ha');
    expect(last('han').all).toBe('set & han:*');
    expect(last('han').any).toBe('set | han:*');
  });

  it('matches a prefix through the vocabulary words listed for it instead of word:*', () => {
    const q = buildTsQueries([
      { word: 'funky', prefix: false, corrections: [] },
      { word: 'desig', prefix: true, corrections: [], expansions: ['design', 'designer'] },
    ])!;
    expect(q.all).toBe('funky & (design | designer)');
    expect(q.any).toBe('funky | (design | designer)');
    expect(q.original).toBe('funky & (design | designer)');
    expect(buildTsQueries([{ word: 'lamp', prefix: true, corrections: [], expansions: ['lamp'] }])!.all).toBe('lamp');
    // Listed words apply to the prefix only: a word after which a space was typed is matched as written.
    expect(buildTsQueries([{ word: 'lamp', prefix: false, corrections: [], expansions: ['lamp', 'lampshade'] }])!.all).toBe('lamp');
  });

  it('lists one vocabulary word per stem, none beyond PREFIX_EXPANSIONS words or with only stop words', () => {
    expect(prefixExpansions([{ term: 'design', stem: 'design' }, { term: 'designer', stem: 'design' }, { term: 'designs', stem: 'design' }, { term: 'designers', stem: 'designer' }])).toEqual({
      expansions: ['design', 'designers'],
    });
    expect(prefixExpansions([{ term: 'the', stem: '' }, { term: 'theme', stem: 'theme' }])).toEqual({ expansions: ['theme'] });
    expect(prefixExpansions([{ term: 'the', stem: '' }])).toEqual({});
    const many = Array.from({ length: PREFIX_EXPANSIONS + 1 }, (_, i) => ({ term: `hea${String.fromCharCode(97 + i)}`, stem: `hea${String.fromCharCode(97 + i)}` }));
    expect(prefixExpansions(many)).toEqual({});
    expect(prefixExpansions(many.slice(0, PREFIX_EXPANSIONS)).expansions).toHaveLength(PREFIX_EXPANSIONS);
  });
});

describe('corrections', () => {
  const lookup = (word: string, candidates: [string, number, number, boolean][]) => ({
    word,
    known: false,
    prefixed: false,
    completions: [],
    candidates: candidates.map(([term, documents, similarity, skel]) => ({ term, documents, similarity, skeleton: skel })),
  });

  it('accepts near spellings and same-key words, ranks them, and rejects the rest', () => {
    const got = chooseCorrections(lookup('lite', [['life', 3, 0.25, false], ['light', 200, 0.22, true], ['little', 40, 0.33, false], ['lime', 1, 0.25, false]]), false);
    expect(got.map((c) => c.term)).toEqual(['light', 'life', 'lime']); // little: 2 edits for a 4-letter word
    expect(chooseCorrections({ ...lookup('lite', [['light', 1, 0.2, true]]), known: true }, false)).toEqual([]);
    expect(chooseCorrections(lookup('ab', [['abc', 1, 0.5, false]]), false)).toEqual([]);
  });

  it('corrects a word being typed against the start of longer words', () => {
    expect(chooseCorrections(lookup('chrism', [['christmas', 50, 0.3, false]]), true).map((c) => c.term)).toEqual(['christmas']);
    expect(chooseCorrections(lookup('chrism', [['christmas', 50, 0.3, false]]), false)).toEqual([]);
  });
});

describe('highlights', () => {
  it('escapes text and marks matches', () => {
    expect(toMarkedHtml('Tom & \u0001Jerry\u0002 <b>')).toBe('Tom &#38; <mark>Jerry</mark> &#60;b&#62;');
    expect(toMarkedHtml('\u0001open')).toBe('<mark>open</mark>');
  });
});
