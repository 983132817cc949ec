import Link from 'next/link';
import type { ProductExtrasQuery } from '@/gql/graphql';
import { dealLink, formatDate } from '@/lib/format';
import type { GatewayResult } from '@/lib/gateway';
import { CopyButton } from './CopyButton';
import { dealGoHref } from './DealCard';
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
                      <dd>{deal.couponCode ? <CopyButton code={deal.couponCode} label={`for ${deal.title}`} /> : 'none needed'}</dd>
                    </div>
                  </dl>
                  {/* Every deal link goes through the click counter; a deal whose link is this very page gets none
                      (the seeded demo deals point here). */}
                  {link && !(link.kind === 'internal' && link.href === productPath) && (
                    <p className={styles.dealAction}>
                      <a href={dealGoHref(deal.id)} rel="sponsored nofollow" className={styles.dealLink}>
                        Get this deal at {deal.merchant.name}
                        {link.kind === 'external' && <span className="visually-hidden"> ({link.host}, another website)</span>}
                      </a>
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

const REC_TITLES = { recommendations: 'Customers also bought', similar: 'Similar products' } as const;
type RecKind = keyof typeof REC_TITLES;

export function RecommendationsSkeleton({ kind = 'recommendations' }: { kind?: RecKind }) {
  return (
    <section className={styles.extras} aria-labelledby={`${kind}-title`} aria-busy="true">
      <h2 id={`${kind}-title`} className={styles.sectionTitle}>
        {REC_TITLES[kind]}
      </h2>
      <p role="status" className="visually-hidden">
        Loading recommendations…
      </p>
      <SkeletonRows rows={3} />
    </section>
  );
}

/**
 * "Customers also bought" or "Similar products": the recommendation subgraph's ranked products, with the evidence
 * behind each.
 */
export async function Recommendations({ extras, retryHref, kind = 'recommendations' }: { extras: Extras; retryHref: string; kind?: RecKind }) {
  const { data } = await extras;
  const recommendations = data?.product?.[kind];
  return (
    <section className={styles.extras} aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`} className={styles.sectionTitle}>
        {REC_TITLES[kind]}
      </h2>
      {!recommendations ? (
        <SectionError what={REC_TITLES[kind]} retryHref={retryHref} />
      ) : recommendations.length === 0 ? (
        <p className={styles.empty}>{kind === 'similar' ? 'No similar products in stock right now.' : 'No recommendations for this product yet.'}</p>
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
