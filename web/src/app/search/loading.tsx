import styles from '@/components/catalog.module.css';
import filters from '@/components/filters.module.css';

const PLACEHOLDERS = Array.from({ length: 8 }, (_, i) => i);

/** Skeleton of the search page while results and facets load (no client JS). */
export default function Loading() {
  return (
    <div className="container" aria-busy="true">
      <div className={styles.listingHeader}>
        <h1 className={styles.listingTitle}>Searching…</h1>
        <p role="status" className={styles.listingCount}>
          Loading results…
        </p>
      </div>
      <div className={filters.layout}>
        <div aria-hidden="true" className={filters.sidebar}>
          {[1, 2, 3].map((i) => (
            <span key={i} className={`${styles.skeleton} ${styles.skeletonMedium}`} />
          ))}
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
    </div>
  );
}
