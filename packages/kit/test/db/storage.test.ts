import { describe } from 'vitest';
import { describeStorageContract } from './contract.ts';
import { openPgliteTarget, postgresTarget } from './targets.ts';

const url = process.env.DATABASE_URL;

describeStorageContract('pglite (in-memory)', openPgliteTarget);

describe.skipIf(!url)('postgres (DATABASE_URL)', () => {
  describeStorageContract('postgres', postgresTarget(url ?? ''));
});
