const START = '\u0001';
const STOP = '\u0002';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Turns a ts_headline result (matches between \u0001 and \u0002) into safe HTML: everything escaped, matches wrapped
 * in <mark>…</mark>. Control characters in the source text itself are dropped first.
 */
export function toMarkedHtml(headline: string): string {
  let out = '';
  let open = false;
  for (const part of headline.split(/([\u0001\u0002])/)) {
    if (part === START) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === STOP) {
      if (open) out += '</mark>';
      open = false;
    } else {
      out += escapeHtml(part.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));
    }
  }
  return open ? `${out}</mark>` : out;
}
