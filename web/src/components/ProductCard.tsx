import Link from 'next/link';
import type { ProductCardFieldsFragment } from '@/gql/graphql';
import { highlightSegments } from '@/lib/highlight';
import styles from './catalog.module.css';
import { PriceTag, RatingLine, StockBadge } from './ProductBits';

export type ListedProduct = ProductCardFieldsFragment;

/** The storefront path of a product page. */
export function productHref(slug: string): string {
  return `/products/${encodeURIComponent(slug)}`;
}

/**
 * A listing card; the whole card is clickable through the title link (one tab stop per product). Product links are
 * not prefetched: a product page has no loading boundary (so unknown slugs get a real 404), and prefetching it would
 * render it — one gateway query per visible card.
 */
export function ProductCard({ product, highlightedTitle }: { product: ListedProduct; highlightedTitle?: string | null }) {
  const titleId = `product-${product.id}-title`;
  const category = product.category ? (product.category.path.length > 0 ? product.category.path.join(' › ') : product.category.name) : null;
  return (
    <article className={styles.card} aria-labelledby={titleId}>
      {product.brand && (
        <p className={styles.brand}>
          <span className="visually-hidden">Brand: </span>
          {product.brand.name}
        </p>
      )}
      <h2 id={titleId} className={styles.title}>
        <Link href={productHref(product.slug)} className={styles.cardLink} prefetch={false}>
          {highlightedTitle ? <Highlighted html={highlightedTitle} /> : product.title}
        </Link>
      </h2>
      {category && (
        <p className={styles.category}>
          <span className="visually-hidden">Category: </span>
          {category}
        </p>
      )}
      {product.rating.count > 0 && <RatingLine rating={product.rating} />}
      <div className={styles.cardFooter}>
        <PriceTag price={product.price} />
        <StockBadge availability={product.availability} />
      </div>
      <p className={styles.sku}>SKU {product.sku}</p>
    </article>
  );
}

/** A search highlight: matched words in `<mark>`, everything else as plain text (never injected HTML). */
export function Highlighted({ html }: { html: string }) {
  return (
    <>
      {highlightSegments(html).map((s, i) => (s.marked ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}
