'use client';

import { useEffect, useRef, useState, useTransition } from 'react';
import { loadMoreResults, type SearchPage } from '@/app/search/actions';
import { ProductCard } from './ProductCard';
import styles from './catalog.module.css';

/**
 * The search results grid with "load more". The first page is server-rendered; further pages come from a server
 * action and are appended. Long lists stay cheap without a virtualisation library: every card has
 * `content-visibility: auto` (see `.virtualItem`), so the browser skips layout and paint of off-screen cards while
 * they stay in the DOM (find-in-page, screen readers and keyboard order keep working). After loading, focus moves to
 * the first new card and a live region says how many arrived.
 */
export function SearchResults({ initial, query, labelledBy }: { initial: SearchPage; query: string; labelledBy: string }) {
  const [edges, setEdges] = useState(initial.edges);
  const [cursor, setCursor] = useState(initial.pageInfo.hasNextPage ? initial.pageInfo.endCursor : null);
  const [message, setMessage] = useState('');
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();
  const listRef = useRef<HTMLUListElement>(null);
  /** Index of the first card of the page just loaded: it gets focus once the cards are in the DOM. */
  const focusFrom = useRef<number | null>(null);

  useEffect(() => {
    if (focusFrom.current === null) return;
    listRef.current?.querySelectorAll<HTMLAnchorElement>('h2 a')[focusFrom.current]?.focus();
    focusFrom.current = null;
  }, [edges]);

  const loadMore = () => {
    if (!cursor || pending) return;
    startTransition(async () => {
      const result = await loadMoreResults(query, cursor);
      if (!result.ok) {
        setFailed(true);
        setMessage(result.message);
        return;
      }
      const firstNew = edges.length;
      const seen = new Set(edges.map((e) => e.node.id));
      const fresh = result.page.edges.filter((e) => !seen.has(e.node.id));
      setFailed(false);
      focusFrom.current = fresh.length > 0 ? firstNew : null;
      setEdges([...edges, ...fresh]);
      setCursor(result.page.pageInfo.hasNextPage ? result.page.pageInfo.endCursor : null);
      setMessage(`${fresh.length} more products loaded.`);
    });
  };

  return (
    <>
      <ul ref={listRef} className={`${styles.grid} ${styles.resultsGrid}`} aria-labelledby={labelledBy} data-testid="search-results">
        {edges.map(({ node, highlights }) => (
          <li key={node.id} className={`${styles.gridItem} ${styles.virtualItem}`}>
            <ProductCard product={node} highlightedTitle={highlights.title} />
          </li>
        ))}
      </ul>
      <p role="status" className={failed ? styles.loadError : 'visually-hidden'}>
        {message}
      </p>
      {cursor && (
        <p className={styles.pagination}>
          <button type="button" className={`${styles.button} ${styles.buttonPrimary}`} onClick={loadMore} aria-disabled={pending || undefined}>
            {pending ? 'Loading…' : failed ? 'Try again' : 'Load more results'}
          </button>
        </p>
      )}
    </>
  );
}
