import type { CombinedError } from '@urql/core';
import Link from 'next/link';
import { describeGatewayError } from '@/lib/gateway';
import styles from './catalog.module.css';

/**
 * Full error state for a page whose data could not be loaded. Server component; no stack traces. `retryHref` reloads
 * the same page; `resetHref` is offered instead when the link itself is no longer valid (e.g. a stale cursor).
 */
export function ErrorState({ error, retryHref, resetHref = '/' }: { error: CombinedError; retryHref: string; resetHref?: string }) {
  const summary = describeGatewayError(error);
  return (
    <section className={styles.state} role="alert" aria-labelledby="error-title">
      <h1 id="error-title" className={styles.stateTitle}>
        {summary.title}
      </h1>
      <p>{summary.message}</p>
      {summary.code && <p className={styles.stateCode}>Error code: {summary.code}</p>}
      <p className={styles.stateActions}>
        {summary.kind === 'invalid-input' ? (
          <Link className={styles.button} href={resetHref}>
            Go to the first page
          </Link>
        ) : (
          // A plain link: a full reload re-runs the server render and the gateway request.
          <a className={styles.button} href={retryHref}>
            Try again
          </a>
        )}
      </p>
    </section>
  );
}

/** Shown above data that arrived with some fields missing (e.g. one subgraph was down). */
export function PartialDataNotice({ error }: { error: CombinedError }) {
  const count = error.graphQLErrors.length;
  return (
    <p className={styles.notice} role="status">
      Some details (such as prices or stock) could not be loaded{count > 1 ? ` (${count} problems)` : ''}. They are
      shown as unavailable.
    </p>
  );
}
