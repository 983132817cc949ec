/**
 * GET /images/placeholder/<sku>.svg — the labelled placeholder picture of a product (lib/placeholder-image.ts), for
 * catalogues without photos. Anything but a SKU-shaped `.svg` name is a 404. The picture depends on the name alone, so
 * browsers and CDNs may keep it for a year.
 */
import { placeholderSku, placeholderSvg } from '../../../../lib/placeholder-image';

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const sku = placeholderSku((await params).file);
  if (!sku) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(placeholderSvg(sku), {
    headers: {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      // An SVG opened directly is a document: no scripts, no external loads.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'x-content-type-options': 'nosniff',
    },
  });
}
