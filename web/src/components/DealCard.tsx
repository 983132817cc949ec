import Link from 'next/link';
import { toggleSavedDealAction } from '@/app/account/actions';
import type { DealCardFieldsFragment } from '@/gql/graphql';
import { formatDate } from '@/lib/format';
import { CopyButton } from './CopyButton';
import { PriceTag } from './ProductBits';
import { productHref } from './ProductCard';
import { ToggleForm } from './ToggleForm';
import styles from './deals.module.css';

/** Where "Get deal" goes: a route that counts the click (trackDealClick) and redirects to the affiliate URL. */
export function dealGoHref(id: string): string {
  return `/deals/${encodeURIComponent(id)}/go`;
}

/** A deal: discount badge, merchant, title, price against the usual price, expiry, coupon, "get deal", save. */
export function DealCard({ deal, saved, returnTo, headingLevel = 2 }: { deal: DealCardFieldsFragment; saved: boolean | null; returnTo: string; headingLevel?: 2 | 3 }) {
  const titleId = `deal-${deal.id}`;
  const expires = formatDate(deal.expiresAt);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className={styles.card} aria-labelledby={titleId} data-testid="deal-card">
      {deal.discountPercent != null && deal.discountPercent > 0 && (
        <p className={styles.badge}>
          <span aria-hidden="true">−{deal.discountPercent}%</span>
          <span className="visually-hidden">{deal.discountPercent}% off</span>
        </p>
      )}
      <p className={styles.merchant}>
        <span className="visually-hidden">Merchant: </span>
        {deal.merchant.name}
        {deal.verified && <span className={styles.verified}> · verified</span>}
      </p>
      <Heading id={titleId} className={styles.title}>
        {deal.title}
      </Heading>
      <PriceTag price={{ current: deal.price, regular: deal.originalPrice ?? deal.price, discountPercent: deal.originalPrice ? deal.discountPercent : null }} />
      {expires && (
        <p className={styles.expiry}>
          Ends <time dateTime={deal.expiresAt ?? undefined}>{expires}</time>
        </p>
      )}
      {deal.couponCode ? <CopyButton code={deal.couponCode} label={`for ${deal.title}`} /> : <p className={styles.noCode}>No code needed</p>}
      <p className={styles.actions}>
        {/* A plain link: the click is counted on the server, then the browser is redirected to the merchant. */}
        <a href={dealGoHref(deal.id)} className={styles.go} rel="sponsored nofollow">
          Get deal<span className="visually-hidden"> at {deal.merchant.name}: {deal.title}</span>
        </a>
        {deal.product && (
          <Link href={productHref(deal.product.slug)} prefetch={false} className={styles.product}>
            See the product
          </Link>
        )}
      </p>
      {saved !== null && (
        <ToggleForm
          action={toggleSavedDealAction}
          fields={{ dealId: deal.id, saved: String(saved), returnTo }}
          on={saved}
          labelOn="Remove from saved deals"
          labelOff="Save deal"
        />
      )}
    </article>
  );
}
