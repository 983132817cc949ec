import { describe, expect, it } from 'vitest';
import { decodeEntities, highlightSegments } from './highlight';

describe('search highlights', () => {
  it('splits marked words from plain text', () => {
    expect(highlightSegments('White <mark>Tea</mark> Cup')).toEqual([
      { text: 'White ', marked: false },
      { text: 'Tea', marked: true },
      { text: ' Cup', marked: false },
    ]);
  });

  it('decodes the escaped text, so it is shown once-escaped by React and never run as HTML', () => {
    expect(highlightSegments('Fish &#38; Chips &#60;script&#62;')).toEqual([{ text: 'Fish & Chips <script>', marked: false }]);
    expect(decodeEntities('&amp;&lt;&gt;&quot;&#39;&unknown;')).toBe(`&<>"'&unknown;`);
  });

  it('drops any tag other than mark', () => {
    expect(highlightSegments('<b>bold</b> <mark>hit</mark>')).toEqual([
      { text: 'bold ', marked: false },
      { text: 'hit', marked: true },
    ]);
  });
});
