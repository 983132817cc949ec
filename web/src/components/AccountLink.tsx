import Link from 'next/link';
import { isSignedIn } from '@/lib/session';

/** "Account" for signed-in shoppers, "Sign in" otherwise (from the token cookies; no gateway call). */
export async function AccountLink() {
  return (await isSignedIn()) ? (
    <Link href="/account" data-testid="header-account">
      Account
    </Link>
  ) : (
    <Link href="/sign-in" data-testid="header-account">
      Sign in
    </Link>
  );
}
