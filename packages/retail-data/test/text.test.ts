import { describe, expect, it } from 'vitest';
import { brandFor, categorize, categorySlug, HOUSE_BRAND, slugify, tagsFor, titleCase } from '../src/index.ts';

describe('titleCase', () => {
  it.each([
    ['WHITE HANGING HEART T-LIGHT HOLDER', 'White Hanging Heart T-Light Holder'],
    ['SET OF 4 PANTRY JELLY MOULDS', 'Set of 4 Pantry Jelly Moulds'],
    ["POPPY'S PLAYHOUSE BEDROOM", "Poppy's Playhouse Bedroom"],
    ['BAG 125g SWIRLY MARBLES', 'Bag 125g Swirly Marbles'],
    ['METAL SIGN,CUPCAKE SINGLE HOOK', 'Metal Sign, Cupcake Single Hook'],
    ['PAPER CRAFT , LITTLE BIRDIE', 'Paper Craft, Little Birdie'],
    ['S/4 VALENTINE DECOUPAGE HEART BOX', 'S/4 Valentine Decoupage Heart Box'],
    ['RED TOADSTOOL LED NIGHT LIGHT', 'Red Toadstool LED Night Light'],
    ['FAIRY CAKE NOTEBOOK A5 SIZE', 'Fairy Cake Notebook A5 Size'],
    ['3D SHEET OF DOG STICKERS', '3D Sheet of Dog Stickers'],
    ['POLYESTER FILLER PAD 30CMx30CM', 'Polyester Filler Pad 30cmx30cm'],
    ['BLACK+WHITE NECKLACE W TASSEL', 'Black+White Necklace w Tassel'],
    ['THE KING GIFT BAG', 'The King Gift Bag'],
    ['*USB Office Mirror Ball', 'USB Office Mirror Ball'],
    ['SILVER M.O.P ORBIT BRACELET', 'Silver M.O.P Orbit Bracelet'],
    ['  RED RETROSPOT   MUG IN BOX ', 'Red Retrospot Mug in Box'],
  ])('%s -> %s', (input, expected) => {
    expect(titleCase(input)).toBe(expected);
  });
});

describe('slugs', () => {
  it('slugifies to ASCII words joined by dashes', () => {
    expect(slugify('White Hanging Heart T-Light Holder')).toBe('white-hanging-heart-t-light-holder');
    expect(slugify("Poppy's Playhouse — Bedroom")).toBe('poppys-playhouse-bedroom');
    expect(slugify('Crème Brûlée & Co.')).toBe('creme-brulee-co');
  });

  it('joins category levels with /', () => {
    expect(categorySlug(['Home & Living', 'Candles & Lighting'])).toBe('home-living/candles-lighting');
  });
});

describe('category rules (first match wins)', () => {
  it.each([
    ['WHITE HANGING HEART T-LIGHT HOLDER', 'Home & Living', 'Candles & Lighting'],
    ['JUMBO BAG RED RETROSPOT', 'Bags & Accessories', 'Bags'],
    ['LUNCH BAG RED RETROSPOT', 'Kitchen & Dining', 'Kitchen Storage'],
    ['REGENCY CAKESTAND 3 TIER', 'Kitchen & Dining', 'Tableware'],
    ['PACK OF 72 RETROSPOT CAKE CASES', 'Kitchen & Dining', 'Bakeware'],
    ['PAPER CHAIN KIT 50\'S CHRISTMAS', 'Seasonal', 'Christmas'],
    ['KNITTED UNION FLAG HOT WATER BOTTLE', 'Home & Living', 'Cushions & Textiles'],
    ['PARTY BUNTING', 'Party & Celebrations', 'Bunting & Garlands'],
    ['GIN + TONIC DIET METAL SIGN', 'Home & Living', 'Home Decor'],
    ['HAND WARMER UNION JACK', 'Bags & Accessories', 'Personal Accessories'],
    ['CHILDS GARDEN TROWEL BLUE', 'Garden & Outdoor', 'Gardening'],
    ['BLUE POLKADOT WRAP', 'Gifts & Stationery', 'Gift Wrap & Bags'],
    ['DIAMANTE BOW BROOCH BLACK COLOUR', 'Jewellery', 'Rings & Brooches'],
    ['WOODEN BOX OF DOMINOES', 'Toys & Games', 'Games & Puzzles'],
    ['SET OF 4 KNICK KNACK TINS LONDON', 'Storage & Organisation', 'Tins & Jars'],
    ['SILICON CUBE 25W, BLUE', 'Home & Living', 'Other'],
  ])('%s -> %s > %s', (description, top, child) => {
    expect(categorize(description)).toEqual([top, child]);
  });
});

describe('brand and tags', () => {
  it('names the range in the description, else the house brand', () => {
    expect(brandFor('SET OF 3 REGENCY CAKE TINS')).toBe('Regency');
    expect(brandFor('JUMBO BAG RED RETROSPOT')).toBe('Retrospot');
    expect(brandFor('CHARLIE+LOLA PINK HOT WATER BOTTLE')).toBe('Charlie & Lola');
    expect(brandFor('DOLLY GIRL LUNCH BOX')).toBe('Dolly Girl');
    expect(brandFor('JAM MAKING SET WITH JARS')).toBe('Jam Making');
    expect(brandFor('VINTAGE PAISLEY STATIONERY SET')).toBe('Paisley'); // named pattern before 'Vintage'
    expect(brandFor('WHITE HANGING HEART T-LIGHT HOLDER')).toBe(HOUSE_BRAND);
  });

  it('derives colour, material and theme tags in a fixed order', () => {
    expect(tagsFor('WHITE HANGING HEART T-LIGHT HOLDER')).toEqual(['white', 'hearts']);
    expect(tagsFor('PINK VINTAGE PAISLEY PICNIC BAG')).toEqual(['pink', 'vintage', 'paisley']);
    expect(tagsFor('ZINC WIRE SWEETHEART LETTER TRAY')).toEqual(['zinc']);
    expect(tagsFor('ANT COPPER TURQ BOUDICCA BRACELET')).toEqual(['turquoise', 'copper']);
  });
});
