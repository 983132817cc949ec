import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOutAction } from './auth-actions';
import styles from '@/components/account.module.css';

/** Account pages share a sub-navigation and the sign-out button (a form: it works without JavaScript). */
export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <div className="container">
      <div className={styles.layout}>
        <nav aria-label="Your account" className={styles.nav}>
          <ul>
            <li>
              <Link href="/account">Profile</Link>
            </li>
            <li>
              <Link href="/account/orders">Orders</Link>
            </li>
            <li>
              <Link href="/account/wishlist">Wishlist</Link>
            </li>
            <li>
              <Link href="/account/saved-deals">Saved deals</Link>
            </li>
          </ul>
          <form action={signOutAction}>
            <button type="submit" className={styles.signOut}>
              Sign out
            </button>
          </form>
        </nav>
        <div className={styles.content}>{children}</div>
      </div>
    </div>
  );
}
