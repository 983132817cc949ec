/** Words kept lower case inside a title (unless first). 'W' is the data's shorthand for "with". */
const MINOR_WORDS = new Set([
  'A', 'AN', 'AND', 'AS', 'AT', 'BY', 'FOR', 'FROM', 'IN', 'OF', 'ON', 'OR', 'THE', 'TO', 'W', 'WITH',
  'DE', 'DU', 'DES', 'LA', 'LE',
]);

/** Tokens kept upper case. */
const ACRONYMS = new Set(['LED', 'USB', 'UK', 'USA', 'DVD', 'CD', 'TV', 'PVC', 'DIY', 'OK', 'UFO', 'ABC', 'XL', 'XXL']);

/** Trims, collapses whitespace and strips leading '*' markers: the key descriptions are compared on. */
export function normalizeDescription(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().replace(/^\*+\s*/, '');
}

function caseSegment(seg: string, isWordStart: boolean, isFirstWord: boolean, wholeWord: boolean): string {
  if (seg === '') return seg;
  if (ACRONYMS.has(seg) || /^([A-Z]\.)+[A-Z]?$/.test(seg)) return seg; // LED, M.O.P
  if (/\d/.test(seg)) {
    // Paper sizes and "3D" stay upper case; units after numbers go lower case: 125G -> 125g, 40X40CM -> 40x40cm.
    if (/^[A-Z]\d{1,2}$/.test(seg) || /^\d+D$/.test(seg)) return seg;
    return seg.toLowerCase();
  }
  if (wholeWord && isWordStart && !isFirstWord && MINOR_WORDS.has(seg)) return seg.toLowerCase();
  // Capitalise the first letter; letters after an apostrophe stay lower case (POPPY'S -> Poppy's).
  const lower = seg.toLowerCase();
  const i = lower.search(/[a-z]/);
  if (i < 0) return lower;
  return lower.slice(0, i) + lower.charAt(i).toUpperCase() + lower.slice(i + 1);
}

/**
 * Title-cases an upper-case product description:
 * "WHITE HANGING HEART T-LIGHT HOLDER" -> "White Hanging Heart T-Light Holder".
 * Minor words are lower case except first, parts after '-', '/', '(' are capitalised,
 * acronyms (LED, USB…) and paper sizes (A5) stay upper case, units after digits go lower case.
 */
export function titleCase(description: string): string {
  const text = normalizeDescription(description)
    .toUpperCase()
    .replace(/\s+,/g, ',')
    .replace(/,(?=[A-Z])/g, ', ');
  const words = text.split(' ').filter((w) => w !== '');
  return words
    .map((word, wi) => {
      const parts = word.split(/([-/()&+])/);
      const whole = parts.length === 1;
      return parts
        .map((p, pi) => (pi % 2 === 1 ? p : caseSegment(p, pi === 0, wi === 0, whole)))
        .join('');
    })
    .join(' ');
}

/** URL slug: ASCII lower case, apostrophes removed, other non-alphanumerics collapsed to '-'. */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Category path slug: ['Home & Living','Candles & Lighting'] -> 'home-living/candles-lighting'. */
export function categorySlug(path: string[]): string {
  return path.map(slugify).join('/');
}

/** Integer with ',' thousands separators, independent of the runtime's locale data. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
