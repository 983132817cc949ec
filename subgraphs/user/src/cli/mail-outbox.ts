import { bootOrExplain, ConfigError } from '@emporium/kit';
import { desc } from 'drizzle-orm';
import { normaliseEmail } from '../auth/email.ts';
import { mailOutbox } from '../db/schema.ts';
import { readSandboxOutbox } from '../mailer.ts';
import { openForCli } from './common.ts';

// pnpm --filter @emporium/subgraph-user mail:outbox [email] [--first N]: the sandbox mailer's messages, newest first.
await bootOrExplain(async () => {
  const args = process.argv.slice(2);
  const firstAt = args.indexOf('--first');
  const first = firstAt >= 0 ? Number(args[firstAt + 1]) : 10;
  if (!Number.isInteger(first) || first < 1 || first > 1000) throw new ConfigError('--first must be a whole number from 1 to 1000.');
  const to = args.find((a, i) => !a.startsWith('--') && (firstAt < 0 || i !== firstAt + 1));
  const rt = await openForCli();
  try {
    const rows = to
      ? await readSandboxOutbox(rt.db.db, normaliseEmail(to), first)
      : await rt.db.db.select().from(mailOutbox).orderBy(desc(mailOutbox.seq)).limit(first);
    if (rows.length === 0) console.log(to ? `no messages to ${normaliseEmail(to)}.` : 'the sandbox outbox is empty.');
    for (const m of rows) {
      console.log(`--- ${m.createdAt.toISOString()}  to ${m.recipient}  [${m.kind}]\nSubject: ${m.subject}\n\n${m.body}\n`);
    }
  } finally {
    await rt.close();
  }
});
