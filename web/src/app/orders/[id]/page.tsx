import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ErrorState } from '@/components/ErrorState';
import account from '@/components/account.module.css';
import { productHref } from '@/components/ProductCard';
import { OrderDocument } from '@/lib/documents/checkout';
import { formatDate } from '@/lib/format';
import { queryGateway } from '@/lib/gateway';
import { validUuid } from '@/lib/identity';
import type { SearchParams } from '@/lib/search-state';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your order', robots: { index: false } };

const STATUS: Record<string, string> = {
  PLACED: 'Placed',
  PAID: 'Paid — being prepared',
  HELD: 'Paid — held for a review',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
  REFUNDED: 'Refunded',
};

/** An order the caller owns: the confirmation after checkout (`?placed=1`) and the account's order detail. */
export default async function OrderPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const id = validUuid((await params).id);
  if (!id) notFound();
  const placed = (await searchParams).placed === '1';
  const { data, error } = await queryGateway(OrderDocument, { id });
  if (!data) {
    return (
      <div className="container">
        <ErrorState error={error} retryHref={`/orders/${id}`} />
      </div>
    );
  }
  const order = data.order;
  if (!order) notFound();
  return (
    <div className="container">
      {placed && (
        <p role="status" className={account.panel} data-testid="order-placed">
          Thank you! Your order <strong>{order.number}</strong> has been placed.
        </p>
      )}
      <h1>Order {order.number}</h1>
      <dl className={account.facts}>
        <dt>Status</dt>
        <dd>
          <span className={account.status} data-testid="order-status">
            {STATUS[order.status] ?? order.status}
          </span>
        </dd>
        <dt>Placed</dt>
        <dd>{formatDate(order.placedAt)}</dd>
        {order.shippingAddress && (
          <>
            <dt>Delivering to</dt>
            <dd>
              {[order.shippingAddress.name, order.shippingAddress.line1, order.shippingAddress.line2, order.shippingAddress.city, order.shippingAddress.postalCode, order.shippingAddress.country]
                .filter(Boolean)
                .join(', ')}
            </dd>
          </>
        )}
        {order.payment && (
          <>
            <dt>Paid</dt>
            <dd>
              {order.payment.amount.formatted} by {order.payment.method}
            </dd>
          </>
        )}
      </dl>
      <table className={account.table}>
        <caption className="visually-hidden">Products in this order</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className={account.number}>
              Quantity
            </th>
            <th scope="col" className={account.number}>
              Each
            </th>
            <th scope="col" className={account.number}>
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.lineNo}>
              <td>
                <Link href={productHref(line.product.slug)} prefetch={false}>
                  {line.product.title}
                </Link>
              </td>
              <td className={account.number}>{line.quantity}</td>
              <td className={account.number}>{line.unitPrice.formatted}</td>
              <td className={account.number}>{line.total.formatted}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className={account.facts} style={{ marginTop: '1rem' }}>
        <dt>Subtotal</dt>
        <dd>{order.subtotal.formatted}</dd>
        {order.discount.amount > 0 && (
          <>
            <dt>Discount{order.promoCodes.length > 0 ? ` (${order.promoCodes.join(', ')})` : ''}</dt>
            <dd>−{order.discount.formatted}</dd>
          </>
        )}
        <dt>Delivery</dt>
        <dd>{order.shipping.formatted}</dd>
        <dt>Tax</dt>
        <dd>{order.tax.formatted}</dd>
        <dt>Total</dt>
        <dd>
          <strong data-testid="order-total">{order.total.formatted}</strong>
        </dd>
      </dl>
      <p>
        <Link href="/account/orders">All your orders</Link>
      </p>
    </div>
  );
}
