/** One tag and the whole-word pattern (upper case) that yields it. */
type TagRule = readonly [tag: string, pattern: string];

/** Colour words, with the data's abbreviations and spellings (TURQ, FUSCHIA). */
export const COLOUR_TAGS: readonly TagRule[] = [
  ['red', 'RED'], ['pink', 'PINK'], ['blue', 'BLUE'], ['white', 'WHITE'], ['black', 'BLACK|BLK'],
  ['green', 'GREEN'], ['ivory', 'IVORY'], ['cream', 'CREAM'], ['silver', 'SILVER'], ['gold', 'GOLD'],
  ['purple', 'PURPLE'], ['yellow', 'YELLOW'], ['orange', 'ORANGE'], ['brown', 'BROWN'], ['grey', 'GREY|GRAY'],
  ['turquoise', 'TURQUOISE|TURQ'], ['lilac', 'LILAC'], ['mint', 'MINT'], ['amber', 'AMBER'],
  ['fuchsia', 'FUSCHIA|FUCHSIA'], ['multicolour', 'MULTICOLOU?R|MULTI COLOU?R'], ['pastel', 'PASTEL'],
];

/** Material words. */
export const MATERIAL_TAGS: readonly TagRule[] = [
  ['wood', 'WOOD|WOODEN'], ['glass', 'GLASS'], ['metal', 'METAL'], ['zinc', 'ZINC'], ['enamel', 'ENAMEL'],
  ['ceramic', 'CERAMIC'], ['porcelain', 'PORCELAIN|BONE CHINA'], ['cotton', 'COTTON'], ['felt', 'FELT'],
  ['wicker', 'WICKER'], ['paper', 'PAPER'], ['tin', 'TIN|TINS'], ['silk', 'SILK'], ['linen', 'LINEN'],
  ['lace', 'LACE'], ['velvet', 'VELVET'], ['knitted', 'KNITTED|WOOLLY'], ['crochet', 'CROCHET'],
  ['acrylic', 'ACRYLIC'], ['plastic', 'PLASTIC|MELAMINE'], ['slate', 'SLATE'], ['copper', 'COPPER'],
  ['iron', 'IRON'], ['shell', 'SHELLS?'], ['beads', 'BEADS?|BEADED'], ['crystal', 'CRYSTALS?'],
  ['diamante', 'DIAMANTE'], ['pearl', 'PEARLS?'], ['raffia', 'RAFFIA'], ['flock', 'FLOCK'],
];

/** Theme words. */
export const THEME_TAGS: readonly TagRule[] = [
  ['christmas', 'CHRISTMAS|XMAS'], ['easter', 'EASTER'], ['hearts', 'HEARTS?'], ['birds', 'BIRDS?|BIRDIE'],
  ['owls', 'OWLS?'], ['butterflies', "BUTTERFL(Y|IES)|B'FLY"], ['floral', 'FLOWERS?|FLORAL|FLORA'],
  ['roses', 'ROSES?'], ['daisies', 'DAISY|DAISIES'], ['stars', 'STARS?'], ['skulls', 'SKULLS?'],
  ['dogs', 'DOGS?|SCOTTIES?|SCOTTIE DOG'], ['cats', 'CATS?|KITTY|KITTENS?'], ['rabbits', 'RABBITS?|BUNNY|BUNNIES'],
  ['dinosaurs', 'DINOSAURS?'], ['fruit', 'FRUITS?|APPLES?|PEARS?|STRAWBERRY|STRAWBERRIES|CHERRY|CHERRIES|LEMON'],
  ['cakes', 'CAKES?|CUPCAKES?'], ['vintage', 'VINTAGE'], ['retro', 'RETRO'], ['spots', 'RETROSPOT|POLKA ?DOTS?|SPOTS?|SPOTTY'],
  ['stripes', 'STRIPES?|STRIPEY|STRIPY'], ['gingham', 'GINGHAM'], ['paisley', 'PAISLEY'],
  ['british', 'UNION JACK|UNION FLAG|LONDON|ENGLISH'], ['love', 'LOVE'], ['kids', "CHILDRENS|CHILDREN'S|CHILDS|KIDS"],
  ['baby', 'BABY'], ['garden', 'GARDEN'], ['tea', 'TEA|TEATIME'], ['birthday', 'BIRTHDAY'], ['party', 'PARTY'],
];

const COMPILED = [...COLOUR_TAGS, ...MATERIAL_TAGS, ...THEME_TAGS].map(
  ([tag, pattern]) => [tag, new RegExp(`(?:^|[^A-Z0-9])(?:${pattern})(?=$|[^A-Z0-9])`)] as const,
);

/** Derived keyword tags of a description: colours, then materials, then themes, each at most once. */
export function tagsFor(description: string): string[] {
  const text = description.toUpperCase().replace(/\s+/g, ' ');
  const tags: string[] = [];
  for (const [tag, re] of COMPILED) if (re.test(text) && !tags.includes(tag)) tags.push(tag);
  return tags;
}
