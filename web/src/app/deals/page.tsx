import type { Metadata } from 'next';
import Link from 'next/link';
import { DealCard } from '@/components/DealCard';
import { ErrorState, PartialDataNotice } from '@/components/ErrorState';
import styles from '@/components/deals.module.css';
import filters from '@/components/filters.module.css';
import type { DealsPageQuery } from '@/gql/graphql';
import { DEAL_SORTS, DEAL_SORT_LABELS, DISCOUNT_CHOICES, ENDING_CHOICES, dealFilter, dealsHref, parseDealsParams, type DealsState } from '@/lib/deals-state';
import { DealsPageDocument } from '@/lib/documents/deals';
import { formatCount } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { PRICE_CHOICES, priceChoiceLabel } from '@/lib/price-choices';
import type { SearchParams } from '@/lib/search-state';
import { isSignedIn } from '@/lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Deals' };

type Facets = DealsPageQuery['deals']['facets'];

/** The filter form: a GET form, so it works without JavaScript and every result has a shareable URL. */
function DealFilters({ state, facets }: { state: DealsState; facets: Facets | null }) {
  const priceValue = state.price ? `${state.price.min ?? ''}-${state.price.max ?? ''}` : '';
  return (
    <form method="get" action="/deals" className={filters.sidebar} aria-label="Filter deals">
      {state.q && <input type="hidden" name="q" value={state.q} />}
      <div>
        <label htmlFor="deals-sort" className={filters.groupTitle}>
          Sort by
        </label>
        <select id="deals-sort" name="sort" defaultValue={state.sort.toLowerCase().replace(/_/g, '-')} className={filters.select}>
          {DEAL_SORTS.map((s) => (
            <option key={s} value={s.toLowerCase().replace(/_/g, '-')}>
              {DEAL_SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="deals-category" className={filters.groupTitle}>
          Category
        </label>
        <select id="deals-category" name="category" defaultValue={state.category ?? ''} className={filters.select}>
          <option value="">All categories</option>
          {state.category && !facets?.categories.some((c) => c.value === state.category) && <option value={state.category}>{state.category}</option>}
          {facets?.categories.map((c) => (
            <option key={c.value} value={c.value}>
              {c.value} ({formatCount(c.count)})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="deals-price" className={filters.groupTitle}>
          Price
        </label>
        <select id="deals-price" name="price" defaultValue={priceValue} className={filters.select}>
          <option value="">Any price</option>
          {PRICE_CHOICES.map((p) => (
            <option key={p.value} value={p.value}>
              {priceChoiceLabel(p)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className={filters.group}>
        <legend>Minimum discount</legend>
        <label className={filters.check}>
          <input type="radio" name="discount" value="" defaultChecked={state.discount === null} /> Any
        </label>
        {DISCOUNT_CHOICES.map((d) => (
          <label key={d} className={filters.check}>
            <input type="radio" name="discount" value={d} defaultChecked={state.discount === d} /> {d}% or more
          </label>
        ))}
      </fieldset>
      <fieldset className={filters.group}>
        <legend>Ending</legend>
        <label className={filters.check}>
          <input type="radio" name="ending" value="" defaultChecked={state.ending === null} /> Any time
        </label>
        {ENDING_CHOICES.map((e) => (
          <label key={e.hours} className={filters.check}>
            <input type="radio" name="ending" value={e.hours} defaultChecked={state.ending === e.hours} /> {e.label}
          </label>
        ))}
      </fieldset>
      {facets && facets.merchants.length > 0 && (
        <fieldset className={filters.group}>
          <legend>Merchants</legend>
          {facets.merchants.map(({ merchant, count }) => (
            <label key={merchant.id} className={filters.check}>
              <input type="checkbox" name="merchant" value={merchant.id} defaultChecked={state.merchants.includes(merchant.id)} /> {merchant.name}{' '}
              <span className={filters.count}>({formatCount(count)})</span>
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" className={filters.apply}>
        Apply filters
      </button>
      <Link href="/deals">Clear all filters</Link>
    </form>
  );
}

export default async function DealsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const state = parseDealsParams(params);
  const [result, signedIn] = await Promise.all([queryGateway(DealsPageDocument, { filter: dealFilter(state), sort: state.sort, after: state.after }), isSignedIn()]);
  const { data, error } = result;
  const here = dealsHref(state);
  const unavailable = typeof params.unavailable === 'string';

  return (
    <div className="container">
      <h1>Deals</h1>
      {unavailable && (
        <p role="alert" className={styles.expiry}>
          That deal has ended or is no longer available.
        </p>
      )}
      <div className={styles.layout}>
        <details className={filters.details}>
          <summary>Filters</summary>
          <DealFilters state={state} facets={data?.deals.facets ?? null} />
        </details>
        <div>
          {!data ? (
            <ErrorState error={error} retryHref={here} resetHref="/deals" />
          ) : (
            <>
              {error && <PartialDataNotice error={error} />}
              <p role="status">{data.deals.totalCount === 1 ? '1 deal' : `${formatCount(data.deals.totalCount)} deals`}</p>
              {data.deals.edges.length === 0 ? (
                <p>
                  No live deals match these filters. <Link href="/deals">Show all deals</Link>
                </p>
              ) : (
                <ul className={styles.grid} aria-label="Deals">
                  {data.deals.edges.map(({ node }) => (
                    <li key={node.id}>
                      <DealCard deal={node} saved={signedIn ? false : null} returnTo={here} />
                    </li>
                  ))}
                </ul>
              )}
              {data.deals.pageInfo.hasNextPage && data.deals.pageInfo.endCursor && (
                <p>
                  <Link className={filters.apply} href={dealsHref({ ...state, after: data.deals.pageInfo.endCursor })} rel="next">
                    More deals
                  </Link>
                </p>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}
