import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorState, PartialDataNotice } from '@/components/ErrorState';
import { ProductCard } from '@/components/ProductCard';
import styles from '@/components/catalog.module.css';
import { formatCount } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { LISTING_SORTS, SORT_LABELS, listingHref, parseListingParams, type ListingSort, type SearchParams } from '@/lib/listing';
import { ProductListingDocument } from '@/lib/queries';

// Rendered per request: the data comes from the gateway, which is not available at build time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Products' };

/** Featured / Newest as links (no JavaScript needed); the current order is marked for assistive technology. */
function SortSwitch({ current }: { current: ListingSort }) {
  return (
    <nav className={styles.sortSwitch} aria-label="Sort products">
      <span className={styles.sortLabel} aria-hidden="true">
        Sort by
      </span>
      <ul className={styles.sortOptions}>
        {LISTING_SORTS.map((sort) => (
          <li key={sort}>
            <Link
              className={`${styles.sortOption} ${sort === current ? styles.sortOptionActive : ''}`}
              href={listingHref({ sort })}
              aria-current={sort === current ? 'page' : undefined}
            >
              <span className="visually-hidden">Sort by </span>
              {SORT_LABELS[sort]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { sort, after } = parseListingParams(await searchParams);
  const { data, error } = await queryGateway(ProductListingDocument, { after, sort });

  if (!data) {
    return (
      <div className="container">
        <ErrorState error={error} retryHref={listingHref({ sort, after })} resetHref={listingHref({ sort })} />
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
          {totalCount === 1 ? '1 product' : `${formatCount(totalCount)} products`}
          {edges.length > 0 && after && <> · showing {edges.length} on this page</>}
        </p>
        <SortSwitch current={sort} />
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
              <Link className={styles.button} href={listingHref({ sort })}>
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
            <Link className={styles.button} href={listingHref({ sort })}>
              First page
            </Link>
          )}
          {nextCursor && (
            <Link className={`${styles.button} ${styles.buttonPrimary}`} href={listingHref({ sort, after: nextCursor })} rel="next">
              Next page <span aria-hidden="true">→</span>
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
