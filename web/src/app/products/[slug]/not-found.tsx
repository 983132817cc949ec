import Link from 'next/link';

/** 404 for an unknown or malformed product slug (rendered before streaming starts, so the status is a real 404). */
export default function ProductNotFound() {
  return (
    <div className="container">
      <section aria-labelledby="product-missing-title">
        <h1 id="product-missing-title">Product not found</h1>
        <p>
          We have no product at this address. It may have been removed, or the link may be mistyped.{' '}
          <Link href="/">Browse the products</Link>.
        </p>
      </section>
    </div>
  );
}
