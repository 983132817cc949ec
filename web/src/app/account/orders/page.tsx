import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ErrorState } from '@/components/ErrorState';
import account from '@/components/account.module.css';
import { OrderHistoryDocument } from '@/lib/documents/checkout';
import { formatCount, formatDate } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { requireSignIn, signInHref } from '@/lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your orders', robots: { index: false } };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  await requireSignIn('/account/orders');
  const after = (await searchParams).after;
  const { data, error } = await queryGateway(OrderHistoryDocument, { after: typeof after === 'string' && after.length <= 512 ? after : null });
  if (!data) return <ErrorState error={error} retryHref="/account/orders" resetHref="/account/orders" />;
  if (!data.me) redirect(signInHref('/account/orders'));
  const orders = data.me.orders;
  return (
    <>
      <h1>Your orders</h1>
      {!orders || orders.edges.length === 0 ? (
        <p>
          No orders yet. <Link href="/search">Start shopping</Link>
        </p>
      ) : (
        <>
          <p>{formatCount(orders.totalCount)} orders</p>
          <table className={account.table} data-testid="order-history">
            <caption className="visually-hidden">Your orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Status</th>
                <th scope="col" className={account.number}>
                  Items
                </th>
                <th scope="col" className={account.number}>
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>
                    <Link href={`/orders/${node.id}`}>{node.number}</Link>
                  </td>
                  <td>{formatDate(node.placedAt)}</td>
                  <td>
                    <span className={account.status}>{node.status}</span>
                  </td>
                  <td className={account.number}>{node.lines.reduce((n, l) => n + l.quantity, 0)}</td>
                  <td className={account.number}>{node.total.formatted}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {orders.pageInfo.hasNextPage && orders.pageInfo.endCursor && (
            <p>
              <Link href={`/account/orders?${new URLSearchParams({ after: orders.pageInfo.endCursor })}`}>Older orders</Link>
            </p>
          )}
        </>
      )}
    </>
  );
}
