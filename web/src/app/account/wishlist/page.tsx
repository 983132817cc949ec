import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { toggleWishlistAction } from '../actions';
import { ErrorState } from '@/components/ErrorState';
import { ProductCard } from '@/components/ProductCard';
import { ToggleForm } from '@/components/ToggleForm';
import catalog from '@/components/catalog.module.css';
import { WishlistPageDocument } from '@/lib/documents/account';
import { formatCount } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { requireSignIn, signInHref } from '@/lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your wishlist', robots: { index: false } };

export default async function WishlistPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  await requireSignIn('/account/wishlist');
  const after = (await searchParams).after;
  const { data, error } = await queryGateway(WishlistPageDocument, { after: typeof after === 'string' && after.length <= 512 ? after : null });
  if (!data) return <ErrorState error={error} retryHref="/account/wishlist" resetHref="/account/wishlist" />;
  if (!data.me) redirect(signInHref('/account/wishlist'));
  const list = data.me.wishlist;
  return (
    <>
      <h1 id="wishlist-title">Your wishlist</h1>
      <p>{formatCount(list?.totalCount ?? 0)} products</p>
      {!list || list.edges.length === 0 ? (
        <p>
          Nothing here yet. Use “Add to wishlist” on a product page. <Link href="/search">Find products</Link>
        </p>
      ) : (
        <ul className={catalog.grid} aria-labelledby="wishlist-title">
          {list.edges.map(({ node }) => (
            <li key={node.product.id} className={catalog.gridItem} style={{ flexDirection: 'column', gap: '0.5rem' }}>
              <ProductCard product={node.product} />
              <ToggleForm
                action={toggleWishlistAction}
                fields={{ productId: node.product.id, wishlisted: 'true', returnTo: '/account/wishlist' }}
                on
                labelOn={`Remove ${node.product.title} from wishlist`}
                labelOff={`Add ${node.product.title} to wishlist`}
              />
            </li>
          ))}
        </ul>
      )}
      {list?.pageInfo.hasNextPage && list.pageInfo.endCursor && (
        <p>
          <Link href={`/account/wishlist?${new URLSearchParams({ after: list.pageInfo.endCursor })}`}>More</Link>
        </p>
      )}
    </>
  );
}
