import Link from 'next/link';
import type { ProductExtrasQuery } from '@/gql/graphql';
import { dealLink, formatDate } from '@/lib/format';
import type { GatewayResult } from '@/lib/gateway';
import { PriceTag, StockBadge } from './ProductBits';
import { productHref } from './ProductCard';
import styles from './product.module.css';

type Extras = Promise<GatewayResult<ProductExtrasQuery>>;

/** Shown in a section whose data could not be loaded; the rest of the page stays usable. */
function SectionError({ what, retryHref }: { what: string; retryHref: string }) {
  return (
    <p className={styles.sectionError} role="alert">
      {what} could not be loaded right now.{' '}
      <a href={retryHref}>
        Try again<span className="visually-hidden"> (reloads the page)</span>
      </a>
    </p>
  );
}

function SkeletonRows({ rows }: { rows: number }) {
  return (
    <div aria-hidden="true" className={styles.skeletonRows}>
      {Array.from({ length: rows }, (_, i) => (
        <span key={i} className={styles.skeletonRow} />
      ))}
    </div>
  );
}

export function ProductDealsSkeleton() {
  return (
    <section className={styles.extras} aria-labelledby="deals-title" aria-busy="true">
      <h2 id="deals-title" className={styles.sectionTitle}>
        Deals for this product
      </h2>
      <p role="status" className="visually-hidden">
        Loading deals…
      </p>
      <SkeletonRows rows={2} />
    </section>
  );
}

/** The product's live deals: merchant, deal price against the merchant's usual price, discount, expiry, coupon. */
export async function ProductDeals({ extras, productPath, retryHref }: { extras: Extras; productPath: string; retryHref: string }) {
  const { data } = await extras;
  const deals = data?.product?.deals;
  return (
    <section className={styles.extras} aria-labelledby="deals-title">
      <h2 id="deals-title" className={styles.sectionTitle}>
        Deals for this product
      </h2>
      {!deals ? (
        <SectionError what="Deals" retryHref={retryHref} />
      ) : deals.length === 0 ? (
        <p className={styles.empty}>No merchant has a deal on this product right now.</p>
      ) : (
        <ul className={styles.dealList}>
          {deals.map((deal) => {
            const link = dealLink(deal.url);
            const expires = formatDate(deal.expiresAt);
            const titleId = `deal-${deal.id}-title`;
            return (
              <li key={deal.id} className={styles.deal}>
                <article aria-labelledby={titleId}>
                  <p className={styles.dealMerchant}>
                    <span className="visually-hidden">Merchant: </span>
                    {deal.merchant.name}
                  </p>
                  <h3 id={titleId} className={styles.dealTitle}>
                    {deal.title}
                  </h3>
                  <PriceTag
                    price={{
                      current: deal.price,
                      regular: deal.originalPrice ?? deal.price,
                      discountPercent: deal.originalPrice ? deal.discountPercent : null,
                    }}
                  />
                  <dl className={styles.dealFacts}>
                    {expires && (
                      <div>
                        <dt>Ends</dt>
                        <dd>
                          <time dateTime={deal.expiresAt ?? undefined}>{expires}</time>
                        </dd>
                      </div>
                    )}
                    <div>
                      <dt>Coupon</dt>
                      <dd>{deal.couponCode ? <code className={styles.coupon}>{deal.couponCode}</code> : 'none needed'}</dd>
                    </div>
                  </dl>
                  {link?.kind === 'external' && (
                    <p className={styles.dealAction}>
                      <a href={link.href} rel="sponsored nofollow noopener noreferrer" className={styles.dealLink}>
                        Get this deal at {deal.merchant.name}
                        <span className="visually-hidden"> ({link.host}, another website)</span>
                      </a>
                    </p>
                  )}
                  {/* A deal whose link is this very page gets no link (the seeded demo deals point here). */}
                  {link?.kind === 'internal' && link.href !== productPath && (
                    <p className={styles.dealAction}>
                      <Link href={link.href} className={styles.dealLink}>
                        See this deal
                      </Link>
                    </p>
                  )}
                </article>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function RecommendationsSkeleton() {
  return (
    <section className={styles.extras} aria-labelledby="recs-title" aria-busy="true">
      <h2 id="recs-title" className={styles.sectionTitle}>
        Customers also bought
      </h2>
      <p role="status" className="visually-hidden">
        Loading recommendations…
      </p>
      <SkeletonRows rows={3} />
    </section>
  );
}

/** "Customers also bought": the recommendation subgraph's ranked products, with the evidence behind each. */
export async function Recommendations({ extras, retryHref }: { extras: Extras; retryHref: string }) {
  const { data } = await extras;
  const recommendations = data?.product?.recommendations;
  return (
    <section className={styles.extras} aria-labelledby="recs-title">
      <h2 id="recs-title" className={styles.sectionTitle}>
        Customers also bought
      </h2>
      {!recommendations ? (
        <SectionError what="Recommendations" retryHref={retryHref} />
      ) : recommendations.length === 0 ? (
        <p className={styles.empty}>No recommendations for this product yet.</p>
      ) : (
        <ol className={styles.recList}>
          {recommendations.map(({ product, score, reasons }) => {
            const evidence = reasons.map((r) => r.detail).filter((d): d is string => Boolean(d));
            return (
              <li key={product.id} className={styles.rec}>
                {product.brand && <p className={styles.recBrand}>{product.brand.name}</p>}
                <p className={styles.recTitle}>
                  <Link href={productHref(product.slug)} prefetch={false}>
                    {product.title}
                  </Link>
                </p>
                <PriceTag price={product.price} />
                <StockBadge availability={product.availability} />
                <p className={styles.recWhy}>
                  {evidence.length > 0 ? `${evidence.join('; ')} · ` : ''}
                  <span title="Ensemble score from 0 to 1; higher is better">score {score.toFixed(2)}</span>
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
