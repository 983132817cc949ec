import styles from '@/components/catalog.module.css';

const PLACEHOLDERS = Array.from({ length: 8 }, (_, i) => i);

/** Skeleton of the listing, streamed while the page is fetched from the gateway (no client JS). */
export default function Loading() {
  return (
    <div className="container" aria-busy="true">
      <div className={styles.listingHeader}>
        <h1 className={styles.listingTitle}>Products</h1>
        <p role="status" className={styles.listingCount}>
          Loading products…
        </p>
      </div>
      <ul className={styles.grid} aria-hidden="true">
        {PLACEHOLDERS.map((i) => (
          <li key={i} className={styles.gridItem}>
            <div className={`${styles.card} ${styles.skeletonCard}`}>
              <span className={`${styles.skeleton} ${styles.skeletonShort}`} />
              <span className={`${styles.skeleton} ${styles.skeletonTitle}`} />
              <span className={`${styles.skeleton} ${styles.skeletonMedium}`} />
              <span className={`${styles.skeleton} ${styles.skeletonPrice}`} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
