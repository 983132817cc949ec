import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorState, PartialDataNotice } from '@/components/ErrorState';
import { ActiveFilters, SearchFacets } from '@/components/SearchFacets';
import { SearchResults } from '@/components/SearchResults';
import styles from '@/components/catalog.module.css';
import filters from '@/components/filters.module.css';
import type { SearchFacetFieldsFragment, SearchResultFieldsFragment } from '@/gql/graphql';
import { CategorySearchPageDocument, SearchPageDocument } from '@/lib/documents/search';
import { trackEventLater } from '@/lib/events';
import { formatCount } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { SEARCH_PAGE_SIZE, SEARCH_SORTS, SEARCH_SORT_LABELS, isFiltered, parseSearchParams, searchFilter, searchHref, type SearchParams, type SearchState } from '@/lib/search-state';

// Rendered per request: results come from the gateway.
export const dynamic = 'force-dynamic';

type Connection = SearchResultFieldsFragment & SearchFacetFieldsFragment;

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const { q } = parseSearchParams(await searchParams);
  return { title: q ? `Search: ${q}` : 'Search', robots: { index: false } };
}

async function runSearch(state: SearchState) {
  const vars = { query: state.q || null, filter: searchFilter(state), sort: state.sort, first: SEARCH_PAGE_SIZE };
  if (state.category) {
    const { data, error } = await queryGateway(CategorySearchPageDocument, { ...vars, slug: state.category });
    if (!data) return { connection: null, categoryName: null, missingCategory: false, error };
    if (!data.category) return { connection: null, categoryName: null, missingCategory: true, error };
    return { connection: data.category.products as Connection, categoryName: data.category.path.join(' › ') || data.category.name, missingCategory: false, error };
  }
  const { data, error } = await queryGateway(SearchPageDocument, vars);
  return { connection: (data?.searchProducts ?? null) as Connection | null, categoryName: null, missingCategory: false, error };
}

/** Sort as a GET form: it keeps every other part of the state in hidden fields, and works without JavaScript. */
function SortForm({ state }: { state: SearchState }) {
  const rest = new URLSearchParams(searchHref({ ...state, sort: 'RELEVANCE' }).split('?')[1] ?? '');
  return (
    <form method="get" action="/search" className={filters.sortForm} aria-label="Sort results">
      {[...rest].map(([k, v], i) => (
        <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
      ))}
      <label htmlFor="search-sort">Sort by</label>
      <select id="search-sort" name="sort" defaultValue={state.sort.toLowerCase().replace(/_/g, '-')} className={filters.select}>
        {SEARCH_SORTS.map((s) => (
          <option key={s} value={s.toLowerCase().replace(/_/g, '-')}>
            {SEARCH_SORT_LABELS[s]}
          </option>
        ))}
      </select>
      <button type="submit" className={styles.button}>
        Sort
      </button>
    </form>
  );
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const state = parseSearchParams(await searchParams);
  const here = searchHref(state);
  const { connection, categoryName, missingCategory, error } = await runSearch(state);
  if (state.q) await trackEventLater('SEARCH', { query: state.q });

  const heading = state.q ? `Results for “${state.q}”` : categoryName ? categoryName : 'All products';

  if (!connection) {
    return (
      <div className="container">
        {missingCategory ? (
          <section className={styles.state} aria-labelledby="missing-title">
            <h1 id="missing-title" className={styles.stateTitle}>
              This category does not exist
            </h1>
            <p className={styles.stateActions}>
              <Link className={styles.button} href={searchHref({ ...state, category: null })}>
                Search all categories
              </Link>
            </p>
          </section>
        ) : (
          <ErrorState error={error!} retryHref={here} resetHref={searchHref({ q: state.q })} />
        )}
      </div>
    );
  }

  const { totalCount, isExact, didYouMean, edges } = connection;
  const countText = `${isExact ? '' : 'more than '}${totalCount === 1 ? '1 product' : `${formatCount(totalCount)} products`}`;
  const query = here.split('?')[1] ?? '';

  return (
    <div className="container">
      <div className={styles.listingHeader}>
        <h1 className={styles.listingTitle} id="results-title">
          {heading}
        </h1>
        <p className={styles.listingCount} role="status">
          {countText}
        </p>
      </div>
      {didYouMean && (
        <p className={styles.notice} data-testid="did-you-mean">
          Did you mean <Link href={searchHref({ ...state, q: didYouMean })}>{didYouMean}</Link>?
        </p>
      )}
      {error && <PartialDataNotice error={error} />}
      <div className={filters.layout}>
        <details className={filters.details}>
          <summary>Filters</summary>
          <SearchFacets facets={connection.facets} state={state} categoryName={categoryName} />
        </details>
        <div>
          <SortForm state={state} />
          <ActiveFilters state={state} facets={connection.facets} categoryName={categoryName} />
          {edges.length === 0 ? (
            <section className={styles.state} aria-labelledby="empty-title">
              <h2 id="empty-title" className={styles.stateTitle}>
                No products found
              </h2>
              <p>
                {didYouMean ? (
                  <>
                    Try <Link href={searchHref({ ...state, q: didYouMean })}>{didYouMean}</Link> instead
                  </>
                ) : (
                  'Try other words'
                )}
                {isFiltered(state) ? ', or remove some filters.' : '.'}
              </p>
              {isFiltered(state) && (
                <p className={styles.stateActions}>
                  <Link className={styles.button} href={searchHref({ q: state.q })}>
                    Clear all filters
                  </Link>
                </p>
              )}
            </section>
          ) : (
            // Keyed by the search so a new search starts a new list (and drops pages loaded for the previous one).
            <SearchResults key={query} initial={{ edges, pageInfo: connection.pageInfo }} query={query} labelledBy="results-title" />
          )}
        </div>
      </div>
    </div>
  );
}
