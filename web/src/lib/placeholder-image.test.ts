import { describe, expect, it } from 'vitest';
import { GET } from '../app/images/placeholder/[file]/route';
import { placeholderSku, placeholderSvg } from './placeholder-image';

const get = (file: string) => GET(new Request(`http://shop.test/images/placeholder/${encodeURIComponent(file)}`), { params: Promise.resolve({ file }) });

describe('placeholder pictures', () => {
  it('accepts SKU-shaped .svg names only', () => {
    expect(placeholderSku('g0000001.svg')).toBe('G0000001');
    expect(placeholderSku('85123a.svg')).toBe('85123A');
    expect(placeholderSku('gift_0001-10.svg')).toBe('GIFT_0001-10');
    for (const bad of ['G0000001.svg', '../etc.svg', 'a.png', '.svg', 'a b.svg', `${'a'.repeat(65)}.svg`, 'a.svg.svg']) expect(placeholderSku(bad), bad).toBeNull();
  });

  it('draws the same labelled picture for a SKU every time, a different hue for another', () => {
    const a = placeholderSvg('G0000001');
    expect(a).toBe(placeholderSvg('G0000001'));
    expect(a).toContain('>G0000001</text>');
    expect(a).toContain('placeholder picture');
    const hue = (svg: string) => /fill="hsl\((\d+) /.exec(svg)![1];
    expect(hue(placeholderSvg('G0000002'))).not.toBe(hue(a));
  });

  it('serves the picture with an image type and long caching, and 404 for other names', async () => {
    const res = await get('g0000001.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toBe(placeholderSvg('G0000001'));
    expect((await get('../secret.svg')).status).toBe(404);
    expect((await get('g0000001.png')).status).toBe(404);
  });
});
