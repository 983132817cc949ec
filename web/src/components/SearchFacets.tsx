import Link from 'next/link';
import type { SearchFacetFieldsFragment } from '@/gql/graphql';
import { buildCategoryTree, type CategoryNode } from '@/lib/category-tree';
import { formatCount } from '@/lib/format';
import { priceChoiceLabel } from '@/lib/price-choices';
import { searchHref, toggleBrand, type SearchState } from '@/lib/search-state';
import styles from './filters.module.css';

type Facets = SearchFacetFieldsFragment['facets'];

/** Discount choices (the API has no discount facet, so these carry no counts). */
const DISCOUNTS = [10, 25, 50] as const;
const MAX_BRANDS_SHOWN = 15;

function Count({ n }: { n: number }) {
  return <span className={styles.count}>({formatCount(n)})</span>;
}

function CategoryList({ nodes, state }: { nodes: CategoryNode[]; state: SearchState }) {
  return (
    <ul className={styles.options}>
      {nodes.map((node) => {
        const current = node.slug === state.category;
        return (
          <li key={node.id}>
            <Link className={styles.option} href={searchHref({ ...state, category: node.slug })} aria-current={current ? 'true' : undefined}>
              {node.name} <Count n={node.count} />
            </Link>
            {node.children.length > 0 && <CategoryList nodes={node.children} state={state} />}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The facet sidebar: every choice is a link to the search with that filter switched (no JavaScript needed, each
 * state has its own URL, the back button undoes a click). Counts cover every result, not just the page.
 */
export function SearchFacets({ facets, state, categoryName }: { facets: Facets; state: SearchState; categoryName: string | null }) {
  const tree = buildCategoryTree(facets.categories);
  const brands = [...facets.brands].sort((a, b) => Number(state.brands.includes(b.brand.id)) - Number(state.brands.includes(a.brand.id)) || b.count - a.count).slice(0, MAX_BRANDS_SHOWN);
  const inStock = facets.availability.find((a) => a.inStock);
  return (
    <nav className={styles.sidebar} aria-label="Filter results">
      <section className={styles.group} aria-labelledby="facet-category">
        <h2 id="facet-category" className={styles.groupTitle}>
          Category
        </h2>
        {state.category && (
          <p>
            <Link className={styles.option} href={searchHref({ ...state, category: null })}>
              ‹ All categories
            </Link>
            {categoryName && <strong>{categoryName}</strong>}
          </p>
        )}
        {tree.length > 0 ? <CategoryList nodes={tree} state={state} /> : <p className={styles.count}>No subcategories</p>}
      </section>

      {brands.length > 0 && (
        <section className={styles.group} aria-labelledby="facet-brand">
          <h2 id="facet-brand" className={styles.groupTitle}>
            Brand
          </h2>
          <ul className={styles.options}>
            {brands.map(({ brand, count }) => {
              const on = state.brands.includes(brand.id);
              return (
                <li key={brand.id}>
                  <Link className={styles.option} href={searchHref(toggleBrand(state, brand.id))} aria-current={on ? 'true' : undefined}>
                    <span aria-hidden="true">{on ? '☑' : '☐'}</span>
                    <span className="visually-hidden">{on ? 'Remove brand filter: ' : 'Filter by brand: '}</span>
                    {brand.name} <Count n={count} />
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {facets.priceRanges.length > 0 && (
        <section className={styles.group} aria-labelledby="facet-price">
          <h2 id="facet-price" className={styles.groupTitle}>
            Price
          </h2>
          <ul className={styles.options}>
            {facets.priceRanges.map((range) => {
              const on = state.price?.min === range.min && (state.price?.max ?? null) === (range.max ?? null);
              const price = { min: range.min, max: range.max ?? null };
              return (
                <li key={`${range.min}-${range.max ?? ''}`}>
                  <Link className={styles.option} href={searchHref({ ...state, price: on ? null : price })} aria-current={on ? 'true' : undefined}>
                    {priceChoiceLabel(range.min === 0 ? { min: null, max: price.max } : price, range.currency)} <Count n={range.count} />
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {facets.ratings.length > 0 && (
        <section className={styles.group} aria-labelledby="facet-rating">
          <h2 id="facet-rating" className={styles.groupTitle}>
            Customer rating
          </h2>
          <ul className={styles.options}>
            {facets.ratings.map(({ minRating, count }) => {
              const on = state.rating === minRating;
              return (
                <li key={minRating}>
                  <Link className={styles.option} href={searchHref({ ...state, rating: on ? null : minRating })} aria-current={on ? 'true' : undefined}>
                    <span aria-hidden="true">{'★'.repeat(minRating)}</span>
                    <span className="visually-hidden">{minRating} stars</span> &amp; up <Count n={count} />
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section className={styles.group} aria-labelledby="facet-availability">
        <h2 id="facet-availability" className={styles.groupTitle}>
          Availability
        </h2>
        <Link className={styles.option} href={searchHref({ ...state, inStock: !state.inStock })} aria-current={state.inStock ? 'true' : undefined}>
          <span aria-hidden="true">{state.inStock ? '☑' : '☐'}</span> In stock only {inStock && <Count n={inStock.count} />}
        </Link>
      </section>

      <section className={styles.group} aria-labelledby="facet-discount">
        <h2 id="facet-discount" className={styles.groupTitle}>
          Discount
        </h2>
        <ul className={styles.options}>
          {DISCOUNTS.map((d) => {
            const on = state.discount === d;
            return (
              <li key={d}>
                <Link className={styles.option} href={searchHref({ ...state, discount: on ? null : d })} aria-current={on ? 'true' : undefined}>
                  {d}% off or more
                </Link>
              </li>
            );
          })}
        </ul>
      </section>
    </nav>
  );
}

/** Active filters as removable chips, plus "Clear all". */
export function ActiveFilters({ state, facets, categoryName }: { state: SearchState; facets: Facets | null; categoryName: string | null }) {
  const chips: { label: string; href: string }[] = [];
  if (state.category) chips.push({ label: `Category: ${categoryName ?? state.category}`, href: searchHref({ ...state, category: null }) });
  for (const id of state.brands) {
    const name = facets?.brands.find((b) => b.brand.id === id)?.brand.name ?? 'brand';
    chips.push({ label: `Brand: ${name}`, href: searchHref(toggleBrand(state, id)) });
  }
  if (state.price) chips.push({ label: `Price: ${priceChoiceLabel(state.price)}`, href: searchHref({ ...state, price: null }) });
  if (state.rating !== null) chips.push({ label: `${state.rating} stars & up`, href: searchHref({ ...state, rating: null }) });
  if (state.inStock) chips.push({ label: 'In stock only', href: searchHref({ ...state, inStock: false }) });
  if (state.discount !== null) chips.push({ label: `${state.discount}% off or more`, href: searchHref({ ...state, discount: null }) });
  if (chips.length === 0) return null;
  return (
    <ul className={styles.chips} aria-label="Active filters">
      {chips.map((chip) => (
        <li key={chip.label}>
          <Link className={styles.chip} href={chip.href}>
            {chip.label} <span aria-hidden="true">✕</span>
            <span className="visually-hidden">(remove this filter)</span>
          </Link>
        </li>
      ))}
      <li>
        <Link className={styles.chip} href={searchHref({ q: state.q, sort: state.sort })}>
          Clear all filters
        </Link>
      </li>
    </ul>
  );
}
