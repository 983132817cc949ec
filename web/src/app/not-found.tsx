import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="container">
      <h1>Page not found</h1>
      <p>
        That page does not exist. <Link href="/">Browse the products</Link>.
      </p>
    </div>
  );
}
