import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in packages/kit/src). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where embedded data (PGlite directories, generated keys) lives unless DATA_DIR says otherwise. */
export function defaultDataDir(): string {
  return join(repoRoot, '.data');
}
