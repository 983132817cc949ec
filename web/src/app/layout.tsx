import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { AccountLink } from '@/components/AccountLink';
import { CartLink, CartLinkFallback } from '@/components/CartLink';
import { HeaderSearch } from '@/components/HeaderSearch';
import { SearchBox } from '@/components/SearchBox';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Emporium', template: '%s · Emporium' },
  description: 'Emporium — an open-source commerce platform.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#13315c',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-GB">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link href="/" className="site-header__brand">
              Emporium
            </Link>
            <div className="site-header__search">
              {/* useSearchParams needs a boundary; the fallback is the same box without the current query. */}
              <Suspense fallback={<SearchBox />}>
                <HeaderSearch />
              </Suspense>
            </div>
            <nav aria-label="Main">
              <ul className="site-nav">
                <li>
                  <Link href="/">Products</Link>
                </li>
                <li>
                  <Link href="/search">Search</Link>
                </li>
                <li>
                  <Link href="/deals">Deals</Link>
                </li>
                <li>
                  <Suspense fallback={<Link href="/sign-in">Sign in</Link>}>
                    <AccountLink />
                  </Suspense>
                </li>
                <li>
                  <Suspense fallback={<CartLinkFallback />}>
                    <CartLink />
                  </Suspense>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="site-footer__inner">
            <p>Emporium — an open-source commerce platform.</p>
            <p>
              Explore the GraphQL API in the <Link href="/playground">playground</Link>.
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
