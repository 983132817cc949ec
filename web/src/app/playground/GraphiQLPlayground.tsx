'use client';

// Sets globalThis.MonacoEnvironment.getWorker with `new Worker(new URL(..., import.meta.url))`, which webpack and
// Turbopack both bundle as same-origin worker chunks. Must run before GraphiQL creates its editors.
import 'graphiql/setup-workers/webpack';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import styles from './playground.module.css';

/** Browser endpoint: NEXT_PUBLIC_GATEWAY_URL (inlined at build time) or the same-origin proxy. */
const endpoint = process.env.NEXT_PUBLIC_GATEWAY_URL || '/api/graphql';

const fetcher = createGraphiQLFetcher({ url: endpoint });

const defaultQuery = `# Welcome to the Emporium API playground.
# Requests go to ${endpoint}. Press the run button (or Ctrl/Cmd+Enter) to execute.

query FirstProducts($after: String) {
  products(first: 5, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        sku
        title
        brand {
          name
        }
        price {
          current {
            formatted
          }
        }
        availability {
          stockLevel
        }
      }
    }
  }
}
`;

export default function GraphiQLPlayground() {
  return (
    <div className={styles.ide}>
      <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultEditorToolsVisibility="headers">
        <GraphiQL.Logo>Emporium</GraphiQL.Logo>
      </GraphiQL>
    </div>
  );
}
