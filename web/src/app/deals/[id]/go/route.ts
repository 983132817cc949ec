/**
 * "Get deal": counts the click (`trackDealClick`, which only accepts live deals) and redirects the shopper to the
 * affiliate URL it returns. Only http(s) URLs and storefront paths are followed; anything else goes back to /deals.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { TrackDealClickDocument } from '@/lib/documents/deals';
import { dealLink } from '@/lib/format';
import { mutateGateway } from '@/lib/gateway';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const back = new URL('/deals', request.nextUrl.origin);
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) return NextResponse.redirect(back, 303);
  const result = await mutateGateway(TrackDealClickDocument, { id });
  const link = result.data ? dealLink(result.data.trackDealClick) : null;
  if (!link) {
    back.searchParams.set('unavailable', id);
    return NextResponse.redirect(back, 303);
  }
  const target = link.kind === 'external' ? link.href : new URL(link.href, request.nextUrl.origin).toString();
  const response = NextResponse.redirect(target, 303);
  response.headers.set('cache-control', 'no-store');
  response.headers.set('referrer-policy', 'no-referrer');
  return response;
}
