import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ErrorState } from '@/components/ErrorState';
import { ProfileForm } from '@/components/ProfileForm';
import styles from '@/components/account.module.css';
import { formatCount, formatDate } from '@/lib/format';
import { AccountProfileDocument } from '@/lib/documents/account';
import { queryGateway } from '@/lib/gateway';
import { requireSignIn, signInHref } from '@/lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your account', robots: { index: false } };

export default async function AccountPage() {
  await requireSignIn('/account');
  const { data, error } = await queryGateway(AccountProfileDocument, {});
  if (!data) return <ErrorState error={error} retryHref="/account" />;
  const me = data.me;
  if (!me) redirect(signInHref('/account'));
  return (
    <>
      <h1>Hello, {me.displayName}</h1>
      <dl className={styles.facts}>
        <dt>E-mail</dt>
        <dd data-testid="account-email">{me.email}</dd>
        {me.createdAt && (
          <>
            <dt>Member since</dt>
            <dd>{formatDate(me.createdAt)}</dd>
          </>
        )}
        <dt>Wishlist</dt>
        <dd>{formatCount(me.wishlist?.totalCount ?? 0)} products</dd>
        <dt>Saved deals</dt>
        <dd>{formatCount(me.savedDeals?.totalCount ?? 0)}</dd>
      </dl>
      <section className={styles.panel} aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <ProfileForm values={{ displayName: me.displayName, country: me.country ?? '', currency: me.currency ?? '', language: me.language ?? '' }} />
      </section>
    </>
  );
}
