import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { DealCard } from '@/components/DealCard';
import { ErrorState } from '@/components/ErrorState';
import deals from '@/components/deals.module.css';
import { SavedDealsPageDocument } from '@/lib/documents/account';
import { formatCount, formatDate } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { requireSignIn, signInHref } from '@/lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your saved deals', robots: { index: false } };

export default async function SavedDealsPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  await requireSignIn('/account/saved-deals');
  const after = (await searchParams).after;
  const { data, error } = await queryGateway(SavedDealsPageDocument, { after: typeof after === 'string' && after.length <= 512 ? after : null });
  if (!data) return <ErrorState error={error} retryHref="/account/saved-deals" resetHref="/account/saved-deals" />;
  if (!data.me) redirect(signInHref('/account/saved-deals'));
  const list = data.me.savedDeals;
  return (
    <>
      <h1>Your saved deals</h1>
      <p>{formatCount(list?.totalCount ?? 0)} deals</p>
      {!list || list.edges.length === 0 ? (
        <p>
          No saved deals. Use “Save deal” on the <Link href="/deals">deals page</Link>.
        </p>
      ) : (
        <ul className={deals.grid} aria-label="Saved deals">
          {list.edges.map(({ node }) => (
            <li key={node.deal.id}>
              <DealCard deal={node.deal} saved returnTo="/account/saved-deals" />
              <p className={deals.expiry}>Saved {formatDate(node.savedAt)}</p>
            </li>
          ))}
        </ul>
      )}
      {list?.pageInfo.hasNextPage && list.pageInfo.endCursor && (
        <p>
          <Link href={`/account/saved-deals?${new URLSearchParams({ after: list.pageInfo.endCursor })}`}>More</Link>
        </p>
      )}
    </>
  );
}
