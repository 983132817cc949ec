import Link from 'next/link';
import type { ProductExtrasQuery } from '@/gql/graphql';
import { formatDate } from '@/lib/format';
import type { GatewayResult } from '@/lib/gateway';
import { signInHref } from '@/lib/session';
import { RatingLine } from './ProductBits';
import { ReviewForm } from './ReviewForm';
import styles from './product.module.css';

/** The product's reviews (newest first as the API gives them) and, for signed-in shoppers, the review form. */
export async function ProductReviews({
  extras,
  productId,
  rating,
  productPath,
  signedIn,
}: {
  extras: Promise<GatewayResult<ProductExtrasQuery>>;
  productId: string;
  rating: { average?: number | null; count: number } | null;
  productPath: string;
  signedIn: boolean;
}) {
  const { data } = await extras;
  const reviews = data?.product?.reviews;
  return (
    <section className={styles.extras} aria-labelledby="reviews-title">
      <h2 id="reviews-title" className={styles.sectionTitle}>
        Reviews
      </h2>
      {rating && <RatingLine rating={rating} />}
      {!reviews ? (
        <p className={styles.sectionError} role="alert">
          Reviews could not be loaded right now. <a href={productPath}>Try again</a>
        </p>
      ) : reviews.edges.length === 0 ? (
        <p className={styles.empty}>No reviews yet.</p>
      ) : (
        <ol className={styles.reviewList}>
          {reviews.edges.map(({ node }) => (
            <li key={node.id} className={styles.review}>
              <article aria-labelledby={`review-${node.id}`}>
                <h3 id={`review-${node.id}`} className={styles.reviewTitle}>
                  <span aria-hidden="true" className={styles.reviewStars}>
                    {'★'.repeat(node.rating)}
                    {'☆'.repeat(5 - node.rating)}
                  </span>{' '}
                  <span className="visually-hidden">{node.rating} out of 5 stars: </span>
                  {node.title}
                </h3>
                <p className={styles.reviewMeta}>
                  {node.author.displayName} · <time dateTime={node.createdAt}>{formatDate(node.createdAt)}</time>
                </p>
                <p className={styles.reviewBody}>{node.body}</p>
              </article>
            </li>
          ))}
        </ol>
      )}
      <h3 className={styles.sectionTitle}>Write a review</h3>
      {signedIn ? (
        <ReviewForm productId={productId} returnTo={productPath} />
      ) : (
        <p>
          <Link href={signInHref(productPath)}>Sign in to write a review</Link>
        </p>
      )}
    </section>
  );
}

export function ReviewsSkeleton() {
  return (
    <section className={styles.extras} aria-labelledby="reviews-title" aria-busy="true">
      <h2 id="reviews-title" className={styles.sectionTitle}>
        Reviews
      </h2>
      <p role="status" className="visually-hidden">
        Loading reviews…
      </p>
    </section>
  );
}
