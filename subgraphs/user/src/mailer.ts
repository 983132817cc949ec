import { desc, eq } from 'drizzle-orm';
import type { Clock, Database } from '@emporium/kit';
import { mailOutbox } from './db/schema.ts';
import type { MailMessageModel } from './models.ts';
import type { UserSchema } from './runtime.ts';

/** One message to send. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** What it is about, e.g. `password-reset` (for filtering and tests). */
  kind: string;
}

/** Sends email. The user subgraph only talks to this interface; a provider-backed implementation plugs in here. */
export interface Mailer {
  readonly kind: string;
  send(message: MailMessage): Promise<void>;
}

/**
 * The sandbox mailer: sends nothing, writes every message to the `mail_outbox` table instead, where tests, the
 * `sandboxMail` query (admins and services) and `pnpm --filter @emporium/subgraph-user mail:outbox` read them.
 * It writes through the uncounted background handle: mail is not part of what a request's statements measure.
 */
export function createSandboxMailer(db: Database<UserSchema>, clock: Clock): Mailer {
  return {
    kind: 'sandbox',
    async send(message) {
      await db.insert(mailOutbox).values({ recipient: message.to, subject: message.subject, body: message.text, kind: message.kind, createdAt: clock.now() });
    },
  };
}

/** The sandbox outbox of one address, newest first. */
export function readSandboxOutbox(db: Database<UserSchema>, to: string, limit: number): Promise<MailMessageModel[]> {
  return db.select().from(mailOutbox).where(eq(mailOutbox.recipient, to)).orderBy(desc(mailOutbox.seq)).limit(limit);
}
