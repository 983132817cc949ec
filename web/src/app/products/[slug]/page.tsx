import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense, cache } from 'react';
import { toggleWishlistAction } from '@/app/account/actions';
import { AddToCartForm } from '@/components/AddToCartForm';
import { ErrorState, PartialDataNotice } from '@/components/ErrorState';
import { PriceTag, RatingLine, StockBadge, isDiscounted } from '@/components/ProductBits';
import { productHref } from '@/components/ProductCard';
import { ProductDeals, ProductDealsSkeleton, Recommendations, RecommendationsSkeleton } from '@/components/ProductExtras';
import { ProductReviews, ReviewsSkeleton } from '@/components/ProductReviews';
import { ToggleForm } from '@/components/ToggleForm';
import styles from '@/components/product.module.css';
import type { ProductPageQuery } from '@/gql/graphql';
import { MAX_LINE_QUANTITY } from '@/lib/cart';
import { trackEventLater } from '@/lib/events';
import { formatCount, formatDate, formatMinor } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { ProductExtrasDocument, ProductPageDocument } from '@/lib/queries';
import { isSignedIn, signInHref } from '@/lib/session';

// Rendered per request: prices, stock and deals change, and the gateway is not available at build time.
export const dynamic = 'force-dynamic';

type Product = NonNullable<ProductPageQuery['product']>;

/** Product slugs are lower-case words joined by hyphens (`slugify(title)-slugify(sku)`); anything else is not one. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,254}$/;

function validSlug(raw: string): string | null {
  let slug: string;
  try {
    slug = decodeURIComponent(raw).trim().toLowerCase();
  } catch {
    return null;
  }
  return SLUG.test(slug) ? slug : null;
}

/** One gateway request per page render, shared by the page and its metadata. */
const loadProduct = cache((slug: string) => queryGateway(ProductPageDocument, { slug }));

/**
 * What `derivedFields` names mean to a shopper: these values come from documented rules (packages/retail-data
 * README), not from the source data. Unknown names are shown as they are.
 */
const DERIVED_LABELS: Record<string, string> = {
  brand: 'brand',
  categoryPath: 'category',
  description: 'description',
  tags: 'tags',
  quantityOnHand: 'stock quantity',
};

function derivedLabel(field: string): string {
  return DERIVED_LABELS[field] ?? field;
}

function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A small visible marker next to a value derived by rule, pointing at the explanation. */
function DerivedMarker({ field, derived }: { field: string; derived: ReadonlySet<string> }) {
  if (!derived.has(field)) return null;
  return (
    <a href="#about-data" className={styles.derivedTag}>
      derived<span className="visually-hidden"> by rule: see About this product’s data</span>
    </a>
  );
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const slug = validSlug((await params).slug);
  if (!slug) return { title: 'Product not found' };
  const { data } = await loadProduct(slug);
  const product = data?.product;
  if (!product) return { title: data ? 'Product not found' : 'Product' };
  return { title: product.title, ...(product.description ? { description: product.description } : {}) };
}

function Breadcrumb({ product }: { product: Product }) {
  const path = product.category ? (product.category.path.length > 0 ? product.category.path : [product.category.name]) : [];
  return (
    <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
      <ol>
        <li>
          <Link href="/">Products</Link>
        </li>
        {path.map((name, i) => (
          // Category pages come with search (issue 8); until then the path is text.
          <li key={`${i}-${name}`}>{name}</li>
        ))}
        <li>
          <span aria-current="page">{product.title}</span>
        </li>
      </ol>
    </nav>
  );
}

function Savings({ price }: { price: NonNullable<Product['price']> }) {
  if (!isDiscounted(price)) return null;
  const saving = formatMinor(price.regular.amount - price.current.amount, price.current.currency);
  return saving ? <p className={styles.saving}>You save {saving}</p> : null;
}

function Stock({ product, derived }: { product: Product; derived: ReadonlySet<string> }) {
  const availability = product.availability;
  if (!availability) return <StockBadge availability={null} />;
  const { stockLevel, quantityAvailable } = availability;
  return (
    <div className={styles.stock}>
      <StockBadge availability={availability} />
      {stockLevel !== 'OUT_OF_STOCK' && quantityAvailable != null && (
        <p className={styles.stockQuantity}>
          {formatCount(quantityAvailable)} available to ship <DerivedMarker field="quantityOnHand" derived={derived} />
        </p>
      )}
      {availability.estimatedDelivery && <Delivery estimate={availability.estimatedDelivery} />}
    </div>
  );
}

/** "Delivered 24 Nov – 26 Nov" from the quickest warehouse that ships here and has the product. */
function Delivery({ estimate }: { estimate: NonNullable<NonNullable<Product['availability']>['estimatedDelivery']> }) {
  const from = formatDate(estimate.from);
  const to = formatDate(estimate.to);
  if (!from || !to) return null;
  return (
    <p className={styles.delivery}>
      Delivery {from === to ? <>on {from}</> : <>between {from} and {to}</>} ({estimate.minDays === estimate.maxDays ? estimate.minDays : `${estimate.minDays}–${estimate.maxDays}`} days)
    </p>
  );
}

/** Initials of the title for the drawn picture placeholder (a product without images). */
function initials(title: string): string {
  return title
    .split(/\s+/)
    .filter((w) => /^[A-Za-z0-9]/.test(w))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export default async function ProductPage({ params }: { params: Promise<{ slug: string }> }) {
  const slug = validSlug((await params).slug);
  if (!slug) notFound();
  // Deals and recommendations are fetched in parallel with the product and streamed in below the fold.
  const extras = queryGateway(ProductExtrasDocument, { slug });
  const { data, error } = await loadProduct(slug);

  if (!data) {
    return (
      <div className="container">
        <ErrorState error={error} retryHref={productHref(slug)} />
      </div>
    );
  }
  const product = data.product;
  if (!product) notFound();

  const signedIn = await isSignedIn();
  await trackEventLater('PRODUCT_VIEW', { productId: product.id });
  const path = productHref(product.slug);
  const derived = new Set(product.derivedFields);
  const derivedNames = product.derivedFields.map(derivedLabel);
  const availability = product.availability;
  const outOfStock = availability?.stockLevel === 'OUT_OF_STOCK';
  const maxQuantity = Math.max(1, Math.min(MAX_LINE_QUANTITY, availability?.quantityAvailable ?? MAX_LINE_QUANTITY));

  return (
    <div className="container">
      <Breadcrumb product={product} />
      {error && <PartialDataNotice error={error} />}

      <article className={styles.product} aria-labelledby="product-title">
        <div className={styles.summary}>
          {product.brand && (
            <p className={styles.brand}>
              <span className="visually-hidden">Brand: </span>
              {product.brand.name} <DerivedMarker field="brand" derived={derived} />
            </p>
          )}
          <h1 id="product-title" className={styles.title}>
            {product.title}
          </h1>
          <p className={styles.sku}>SKU {product.sku}</p>
          <a href="#reviews-title" className={styles.ratingLink}>
            <RatingLine rating={product.rating} />
          </a>
          {product.images[0] ? (
            <figure className={`${styles.picture} ${styles.withPhoto}`}>
              {/* Catalogue images are absolute URLs or paths on this host (e.g. the placeholder route), any size. */}
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={product.images[0]} alt={product.title} className={styles.photo} />
            </figure>
          ) : (
            <figure className={styles.picture} aria-label={`No photo of ${product.title} yet`} role="img">
              <span aria-hidden="true">{initials(product.title)}</span>
            </figure>
          )}
          {product.category && (
            <p className={styles.category}>
              Category: {product.category.path.length > 0 ? product.category.path.join(' › ') : product.category.name}{' '}
              <DerivedMarker field="categoryPath" derived={derived} />
            </p>
          )}
        </div>

        <section className={styles.buyBox} aria-label="Price and availability">
          <PriceTag price={product.price} size="large" />
          {product.price && <Savings price={product.price} />}
          {product.price && <p className={styles.taxNote}>{product.price.taxIncluded ? 'Including VAT' : 'Excluding VAT and sales tax'}</p>}
          <Stock product={product} derived={derived} />
          <AddToCartForm
            productId={product.id}
            maxQuantity={maxQuantity}
            disabledReason={
              outOfStock
                ? 'Out of stock: this product cannot be added to the cart right now.'
                : !product.price
                  ? 'This product has no price right now, so it cannot be added to the cart.'
                  : null
            }
          />
          <div className={styles.wishlist}>
            {signedIn ? (
              <ToggleForm
                action={toggleWishlistAction}
                fields={{ productId: product.id, wishlisted: String(product.isWishlisted), returnTo: path }}
                on={product.isWishlisted}
                labelOn="Remove from wishlist"
                labelOff="Add to wishlist"
              />
            ) : (
              <Link href={signInHref(path)}>Sign in to add to your wishlist</Link>
            )}
          </div>
        </section>

        <section className={styles.details} aria-labelledby="description-title">
          <h2 id="description-title" className={styles.sectionTitle}>
            Description <DerivedMarker field="description" derived={derived} />
          </h2>
          <p>{product.description ?? 'No description yet.'}</p>
          {product.tags.length > 0 && (
            <p className={styles.tags}>
              Tags: {product.tags.join(', ')} <DerivedMarker field="tags" derived={derived} />
            </p>
          )}
          {derivedNames.length > 0 && (
            <aside id="about-data" className={styles.aboutData} aria-labelledby="about-data-title" tabIndex={-1}>
              <h3 id="about-data-title">About this product’s data</h3>
              <p>
                The {listText(derivedNames)} of this product {derivedNames.length === 1 ? 'is' : 'are'} derived by documented rules
                rather than taken from the source data; they are marked “derived” on this page.
              </p>
            </aside>
          )}
        </section>
      </article>

      <Suspense fallback={<ProductDealsSkeleton />}>
        <ProductDeals extras={extras} productPath={productHref(product.slug)} retryHref={productHref(product.slug)} />
      </Suspense>
      <Suspense fallback={<RecommendationsSkeleton />}>
        <Recommendations extras={extras} retryHref={productHref(product.slug)} />
      </Suspense>
      <Suspense fallback={<RecommendationsSkeleton kind="similar" />}>
        <Recommendations extras={extras} retryHref={path} kind="similar" />
      </Suspense>
      <Suspense fallback={<ReviewsSkeleton />}>
        <ProductReviews extras={extras} productId={product.id} rating={product.rating} productPath={path} signedIn={signedIn} />
      </Suspense>
    </div>
  );
}
