import type { StockLevel } from '@/gql/graphql';
import styles from './catalog.module.css';

/** The parts of a price the storefront shows (any query's selection with these fields fits). */
export interface PriceLike {
  current: { formatted: string };
  regular: { formatted: string };
  discountPercent?: number | null;
}

/** The parts of an availability the storefront shows. */
export interface AvailabilityLike {
  stockLevel: StockLevel;
  quantityAvailable?: number | null;
}

export function isDiscounted(price: PriceLike): boolean {
  return price.discountPercent != null && price.discountPercent > 0 && price.regular.formatted !== price.current.formatted;
}

/** Current price, with the "was" price and the discount when the product is on sale. */
export function PriceTag({ price, size = 'normal' }: { price: PriceLike | null | undefined; size?: 'normal' | 'large' }) {
  if (!price) return <p className={styles.priceUnavailable}>Price unavailable</p>;
  const discounted = isDiscounted(price);
  return (
    <p className={`${styles.price} ${size === 'large' ? styles.priceLarge : ''}`}>
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

export function stockLabel(availability: AvailabilityLike): { label: string; tone: 'ok' | 'warn' | 'bad' } {
  const left = availability.quantityAvailable;
  switch (availability.stockLevel) {
    case 'IN_STOCK':
      return { label: 'In stock', tone: 'ok' };
    case 'LOW_STOCK':
      return { label: left != null && left > 0 ? `Low stock — only ${left} left` : 'Low stock', tone: 'warn' };
    case 'OUT_OF_STOCK':
      return { label: 'Out of stock', tone: 'bad' };
  }
}

/** A pill with the stock level ("In stock", "Low stock — only 3 left", "Out of stock", "Stock unknown"). */
export function StockBadge({ availability }: { availability: AvailabilityLike | null | undefined }) {
  if (!availability) {
    return <p className={`${styles.badge} ${styles.badgeUnknown}`}>Stock unknown</p>;
  }
  const { label, tone } = stockLabel(availability);
  const className = tone === 'ok' ? styles.badgeOk : tone === 'warn' ? styles.badgeWarn : styles.badgeBad;
  return (
    <p className={`${styles.badge} ${className}`}>
      <span className="visually-hidden">Availability: </span>
      {label}
    </p>
  );
}

/** Stars as text ("★★★★☆ 4.2 (17 reviews)"); the visible stars are hidden from screen readers, which hear the numbers. */
export function RatingLine({ rating }: { rating: { average?: number | null; count: number } }) {
  if (rating.count === 0 || rating.average == null) return <p className={styles.rating}>No reviews yet</p>;
  const rounded = Math.round(rating.average);
  const reviews = rating.count === 1 ? '1 review' : `${rating.count.toLocaleString('en-GB')} reviews`;
  return (
    <p className={styles.rating}>
      <span aria-hidden="true" className={styles.stars}>
        {'★'.repeat(rounded)}
        {'☆'.repeat(5 - rounded)}
      </span>{' '}
      <span className="visually-hidden">Rated </span>
      {rating.average.toFixed(1)}
      <span className="visually-hidden"> out of 5</span> ({reviews})
    </p>
  );
}
