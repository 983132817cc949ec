import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorState, PartialDataNotice } from '@/components/ErrorState';
import { ProductCard } from '@/components/ProductCard';
import styles from '@/components/catalog.module.css';
import { queryGateway } from '@/lib/gateway';
import { ProductListingDocument } from '@/lib/queries';

// Rendered per request: the data comes from the gateway, which is not available at build time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Products · Emporium' };

/** Opaque pagination cursors are short; anything longer is not one of ours. */
const MAX_CURSOR_LENGTH = 512;
const numberFormat = new Intl.NumberFormat('en-GB');

type SearchParams = Record<string, string | string[] | undefined>;

function cursorFrom(params: SearchParams): string | null {
  const raw = params.after;
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && value.length <= MAX_CURSOR_LENGTH ? value : null;
}

function pageHref(after: string | null): string {
  return after ? `/?${new URLSearchParams({ after }).toString()}` : '/';
}

export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const after = cursorFrom(await searchParams);
  const { data, error } = await queryGateway(ProductListingDocument, { after });

  if (!data) {
    return (
      <div className="container">
        <ErrorState error={error} retryHref={pageHref(after)} />
      </div>
    );
  }

  const { totalCount, pageInfo, edges } = data.products;
  const nextCursor = pageInfo.hasNextPage ? pageInfo.endCursor : null;

  return (
    <div className="container">
      <div className={styles.listingHeader}>
        <h1 className={styles.listingTitle} id="listing-title">
          Products
        </h1>
        <p className={styles.listingCount}>
          {totalCount === 1 ? '1 product' : `${numberFormat.format(totalCount)} products`}
          {edges.length > 0 && after && <> · showing {edges.length} on this page</>}
        </p>
      </div>

      {error && <PartialDataNotice error={error} />}

      {edges.length === 0 ? (
        <section className={styles.state} aria-labelledby="empty-title">
          <h2 id="empty-title" className={styles.stateTitle}>
            {after ? 'No more products' : 'No products yet'}
          </h2>
          <p>{after ? 'You have reached the end of the catalogue.' : 'The catalogue is empty. Check back soon.'}</p>
          {after && (
            <p className={styles.stateActions}>
              <Link className={styles.button} href="/">
                Back to the first page
              </Link>
            </p>
          )}
        </section>
      ) : (
        <ul className={styles.grid} aria-labelledby="listing-title">
          {edges.map(({ node }) => (
            <li key={node.id} className={styles.gridItem}>
              <ProductCard product={node} />
            </li>
          ))}
        </ul>
      )}

      {edges.length > 0 && (after || nextCursor) && (
        <nav className={styles.pagination} aria-label="Pagination">
          {after && (
            <Link className={styles.button} href="/">
              First page
            </Link>
          )}
          {nextCursor && (
            <Link className={`${styles.button} ${styles.buttonPrimary}`} href={pageHref(nextCursor)} rel="next">
              Next page <span aria-hidden="true">→</span>
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
