'use client';

import dynamic from 'next/dynamic';
import styles from './playground.module.css';

// GraphiQL (Monaco) only works in a browser: load it on the client, in its own chunk, never on the server.
const GraphiQLPlayground = dynamic(() => import('./GraphiQLPlayground'), {
  ssr: false,
  loading: () => (
    <p className={styles.loading} role="status">
      Loading the GraphQL playground…
    </p>
  ),
});

export function PlaygroundLoader() {
  return <GraphiQLPlayground />;
}
