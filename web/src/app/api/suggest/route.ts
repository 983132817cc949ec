/**
 * Autocomplete for the header search box: `GET /api/suggest?q=<prefix>` → `{ queries: [{ text, count }], products:
 * [{ slug, title, brand, price }] }` from the gateway's typo-tolerant `suggest`. Short answers, never cached.
 */
import { type NextRequest } from 'next/server';
import { SuggestDocument } from '@/lib/documents/search';
import { queryGateway } from '@/lib/gateway';

export const dynamic = 'force-dynamic';

/** What the search box renders. */
export interface SuggestResponse {
  queries: { text: string; count: number }[];
  products: { slug: string; title: string; brand: string | null; price: string | null }[];
}

const EMPTY: SuggestResponse = { queries: [], products: [] };

export async function GET(request: NextRequest): Promise<Response> {
  const prefix = (request.nextUrl.searchParams.get('q') ?? '').replace(/\s+/g, ' ').trimStart().slice(0, 100);
  const headers = { 'cache-control': 'no-store' };
  if (prefix.trim().length < 2) return Response.json(EMPTY, { headers });
  const { data } = await queryGateway(SuggestDocument, { prefix });
  if (!data) return Response.json({ error: 'Suggestions are unavailable right now.' }, { status: 502, headers });
  const body: SuggestResponse = {
    queries: data.suggest.queries.map((q) => ({ text: q.text, count: q.count })),
    products: data.suggest.products.map((p) => ({ slug: p.slug, title: p.title, brand: p.brand?.name ?? null, price: p.price?.current.formatted ?? null })),
  };
  return Response.json(body, { headers });
}
