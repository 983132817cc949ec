/**
 * Email addresses are stored normalised: Unicode NFKC (full-width and compatibility forms folded), trimmed,
 * lower-cased (the whole address: mailbox providers treat local parts case-insensitively in practice, and one account
 * per spelling is what users expect). `alice@EXAMPLE.com`, ` Alice@example.com ` and `ａｌｉｃｅ＠example.com` are the
 * same account.
 */
export function normaliseEmail(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase().normalize('NFKC');
}

const LOCAL = /^[^\s@"(),:;<>[\]\\\p{Cc}]+$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * Why a normalised address is refused, or null when acceptable: at most 254 characters, one `@`, a local part of
 * 1–64 characters without spaces, quotes or special characters (no dot at the ends, no `..`), and a domain of at least
 * two labels (letters, digits, inner hyphens; internationalised labels allowed) whose last label is not numeric.
 */
export function emailProblem(email: string): string | null {
  if (email.length === 0) return 'Enter an email address.';
  if (email.length > 254) return 'The email address is too long.';
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return 'The email address needs exactly one @ with a name before it.';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return 'The part before the @ is not valid.';
  }
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1) ?? '')) {
    return 'The domain after the @ is not valid.';
  }
  return null;
}
