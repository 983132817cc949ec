import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/AuthForm';
import { isSignedIn, safeNext } from '@/lib/session';
import type { SearchParams } from '@/lib/search-state';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw);
  if (await isSignedIn()) redirect(next);
  return (
    <div className="container narrow">
      <h1>Sign in</h1>
      <p>Sign in to see your orders, your wishlist and your saved deals.</p>
      <AuthForm mode="sign-in" next={next} />
    </div>
  );
}
