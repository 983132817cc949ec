import { prng, type SimProduct } from './generate.ts';

/**
 * A synthetic catalog of any size for the simulator and benchmarks (README: simulator): product titles combine a
 * style, a material or colour, an item and sometimes a qualifier from word lists (≈ 60 × 45 × 110 × 25 distinct
 * titles), so large catalogs do not repeat the 4,070 demo products. Deterministic from the seed.
 */
const STYLES = (
  'vintage rustic modern classic retro nordic boho industrial country coastal minimalist ornate scandi farmhouse ' +
  'victorian art-deco woodland botanical geometric floral striped spotted checked tartan paisley quilted woven ' +
  'hammered brushed polished frosted etched painted glazed distressed reclaimed handmade folding stacking ' +
  'nesting hanging standing wall-mounted tabletop compact deluxe oversized miniature travel outdoor garden ' +
  'festive heritage urban tropical alpine'
).split(' ');
const MATERIALS = (
  'oak pine walnut bamboo rattan wicker enamel ceramic porcelain stoneware glass crystal copper brass steel iron ' +
  'zinc tin marble slate linen cotton wool velvet leather jute felt silk red blue green pink white black yellow ' +
  'purple orange grey cream ivory gold silver navy teal sage mustard'
).split(' ');
const ITEMS = (
  'candle-holder lantern vase planter jug mug teapot teacup bowl plate platter tray cake-stand biscuit-tin ' +
  'storage-jar bread-bin spice-rack utensil-pot chopping-board rolling-pin mixing-bowl measuring-cups apron ' +
  'tea-towel oven-glove table-runner placemat coaster napkin-ring cushion throw blanket rug doormat mirror ' +
  'photo-frame wall-clock alarm-clock desk-lamp night-light fairy-lights bunting garland wreath ornament bauble ' +
  'stocking gift-box gift-bag wrapping-paper greeting-card notebook pencil-case pen-pot letter-rack bookend ' +
  'door-stop coat-hook key-box shelf basket hamper laundry-bag lunch-bag tote-bag shopping-bag purse wallet ' +
  'umbrella hot-water-bottle water-bottle flask lunch-box picnic-set bird-feeder bird-house watering-can ' +
  'plant-pot seed-tray trowel kneeler doorbell wind-chime sign chalkboard magnet money-box jewellery-box ' +
  'trinket-dish music-box snow-globe toy-car spinning-top jigsaw kite skipping-rope'
).split(' ');
const QUALIFIERS = (
  'set-of-2 set-of-3 set-of-4 set-of-6 pack-of-12 small medium large extra-large mini jumbo double single ' +
  'round square oval tall short wide slim 20cm 30cm 45cm'
).split(' ');
const CATEGORIES = ['Home > Decor', 'Kitchen > Baking', 'Kitchen > Storage', 'Garden > Outdoor', 'Gifts > Stationery', 'Toys > Games', 'Bags > Travel', 'Home > Lighting'];
const words = (s: string) => s.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());

/** `n` distinct products (titles unique), typical prices 50p–£80. */
export function syntheticCatalog(n: number, seed = 1): SimProduct[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const seen = new Set<string>();
  const out: SimProduct[] = [];
  let attempts = 0;
  while (out.length < n && attempts < n * 50) {
    attempts++;
    const parts = [pick(STYLES), pick(MATERIALS), pick(ITEMS)];
    if (rand() < 0.4) parts.push(pick(QUALIFIERS));
    const title = words(parts.join(' '));
    if (seen.has(title)) continue;
    seen.add(title);
    const i = out.length;
    const category = pick(CATEGORIES);
    out.push({
      id: `syn-${seed}-${i}`,
      title,
      description: `${title}, listed under ${category}.`,
      brand: rand() < 0.7 ? 'Emporium Essentials' : pick(['Hearth & Co', 'Pantry Lane', 'Garden Folk', 'Little Makers']),
      category,
      priceMinor: 50 + Math.floor(rand() * rand() * 8000),
    });
  }
  if (out.length < n) throw new RangeError(`could only make ${out.length} distinct titles`);
  return out;
}
