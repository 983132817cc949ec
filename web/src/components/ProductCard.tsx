import Link from 'next/link';
import type { ProductListingQuery } from '@/gql/graphql';
import styles from './catalog.module.css';
import { PriceTag, StockBadge } from './ProductBits';

export type ListedProduct = ProductListingQuery['products']['edges'][number]['node'];

/** The storefront path of a product page. */
export function productHref(slug: string): string {
  return `/products/${encodeURIComponent(slug)}`;
}

/**
 * A listing card; the whole card is clickable through the title link (one tab stop per product). Product links are
 * not prefetched: a product page has no loading boundary (so unknown slugs get a real 404), and prefetching it would
 * render it — one gateway query per visible card.
 */
export function ProductCard({ product }: { product: ListedProduct }) {
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
          {product.title}
        </Link>
      </h2>
      {category && (
        <p className={styles.category}>
          <span className="visually-hidden">Category: </span>
          {category}
        </p>
      )}
      <div className={styles.cardFooter}>
        <PriceTag price={product.price} />
        <StockBadge availability={product.availability} />
      </div>
      <p className={styles.sku}>SKU {product.sku}</p>
    </article>
  );
}
