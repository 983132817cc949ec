/**
 * Placeholder product pictures for catalogues without photos (the generated large catalogues point every product at
 * `/images/placeholder/<sku>.svg`, packages/retail-data): a labelled SVG drawn from the SKU alone, so the picture is the
 * same on every request and machine. Served by app/images/placeholder/[file]/route.ts.
 */

/** The file names served: a lower-case SKU (letters, digits, `-`, `_`; at most 64) and `.svg`. */
const FILE = /^([a-z0-9_-]{1,64})\.svg$/;

/** The SKU a placeholder file name stands for, or null when the name is not one. */
export function placeholderSku(file: string): string | null {
  const m = FILE.exec(file);
  return m ? m[1]!.toUpperCase() : null;
}

/** FNV-1a 32-bit hash of the SKU: picks the picture's hue. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The placeholder picture of a SKU (validated by {@link placeholderSku}: only letters, digits, `-` and `_`). */
export function placeholderSvg(sku: string): string {
  const hue = hash(sku) % 360;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480" viewBox="0 0 480 480" role="img" aria-label="Placeholder picture of ${sku}">`,
    `<rect width="480" height="480" fill="hsl(${hue} 45% 88%)"/>`,
    `<rect x="40" y="40" width="400" height="400" rx="24" fill="none" stroke="hsl(${hue} 35% 55%)" stroke-width="4" stroke-dasharray="12 10"/>`,
    `<text x="240" y="232" text-anchor="middle" font-family="system-ui, sans-serif" font-size="44" font-weight="600" fill="hsl(${hue} 40% 28%)">${sku}</text>`,
    `<text x="240" y="284" text-anchor="middle" font-family="system-ui, sans-serif" font-size="22" fill="hsl(${hue} 30% 35%)">placeholder picture</text>`,
    '</svg>',
  ].join('');
}
