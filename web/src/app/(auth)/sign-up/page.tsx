import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/AuthForm';
import { isSignedIn, safeNext } from '@/lib/session';
import type { SearchParams } from '@/lib/search-state';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Create an account', robots: { index: false } };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw);
  if (await isSignedIn()) redirect(next);
  return (
    <div className="container narrow">
      <h1>Create an account</h1>
      <p>Keep a wishlist, save deals, review products and see your orders. Your cart comes with you.</p>
      <AuthForm mode="sign-up" next={next} />
    </div>
  );
}
