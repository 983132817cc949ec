import type { ProductListingQuery } from '@/gql/graphql';
import styles from './catalog.module.css';

export type ListedProduct = ProductListingQuery['products']['edges'][number]['node'];
type Availability = NonNullable<ListedProduct['availability']>;

function StockBadge({ availability }: { availability: ListedProduct['availability'] }) {
  if (!availability) {
    return <p className={`${styles.badge} ${styles.badgeUnknown}`}>Stock unknown</p>;
  }
  const { label, className } = stockPresentation(availability);
  return (
    <p className={`${styles.badge} ${className}`}>
      <span className="visually-hidden">Availability: </span>
      {label}
    </p>
  );
}

function stockPresentation(availability: Availability): { label: string; className: string | undefined } {
  switch (availability.stockLevel) {
    case 'IN_STOCK':
      return { label: 'In stock', className: styles.badgeOk };
    case 'LOW_STOCK': {
      const left = availability.quantityAvailable;
      return { label: left != null && left > 0 ? `Low stock — only ${left} left` : 'Low stock', className: styles.badgeWarn };
    }
    case 'OUT_OF_STOCK':
      return { label: 'Out of stock', className: styles.badgeBad };
  }
}

function PriceTag({ price }: { price: ListedProduct['price'] }) {
  if (!price) return <p className={styles.priceUnavailable}>Price unavailable</p>;
  const discounted = price.discountPercent != null && price.discountPercent > 0 && price.regular.formatted !== price.current.formatted;
  return (
    <p className={styles.price}>
      <span className="visually-hidden">{discounted ? 'Sale price: ' : 'Price: '}</span>
      <strong className={discounted ? styles.priceSale : styles.priceCurrent}>{price.current.formatted}</strong>
      {discounted && (
        <>
          {' '}
          <del className={styles.priceWas}>
            <span className="visually-hidden">was </span>
            {price.regular.formatted}
          </del>{' '}
          <span className={styles.discount}>
            <span aria-hidden="true">−{price.discountPercent}%</span>
            <span className="visually-hidden">, {price.discountPercent}% off</span>
          </span>
        </>
      )}
    </p>
  );
}

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
        {product.title}
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
