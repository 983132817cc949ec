import styles from '@/components/cart.module.css';

/** Skeleton of the cart while it is fetched from the gateway. */
export default function Loading() {
  return (
    <div className="container" aria-busy="true">
      <h1 className={styles.title}>Your cart</h1>
      <p role="status" className="visually-hidden">
        Loading your cart…
      </p>
      <ul className={styles.lines} aria-hidden="true">
        {[0, 1].map((i) => (
          <li key={i} className={`${styles.line} ${styles.skeletonLine}`} />
        ))}
      </ul>
    </div>
  );
}
