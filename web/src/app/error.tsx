'use client';

/** Last-resort boundary for unexpected render errors; expected gateway failures are rendered by the pages. */
export default function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : null;
  return (
    <div className="container">
      <section role="alert" aria-labelledby="route-error-title">
        <h1 id="route-error-title">Something went wrong</h1>
        <p>This page could not be shown. Please try again.</p>
        {digest && <p>Reference: {digest}</p>}
        <button type="button" onClick={() => retry()}>
          Try again
        </button>
      </section>
    </div>
  );
}
