import { describe, expect, it } from 'vitest';
import { buildCategoryTree } from './category-tree';

const cat = (id: string, name: string, parent: string | null, count: number) => ({ count, category: { id, slug: name.toLowerCase(), name, path: [name], parent: parent ? { id: parent } : null } });

describe('category facet tree', () => {
  it('nests categories under their parents and keeps the API order', () => {
    const tree = buildCategoryTree([cat('1', 'Home', null, 10), cat('2', 'Kitchen', '1', 6), cat('3', 'Garden', null, 4), cat('4', 'Decor', '1', 4)]);
    expect(tree.map((n) => [n.name, n.count, n.children.map((c) => c.name)])).toEqual([
      ['Home', 10, ['Kitchen', 'Decor']],
      ['Garden', 4, []],
    ]);
  });

  it('makes nodes whose parent is not listed into roots', () => {
    const tree = buildCategoryTree([cat('2', 'Kitchen', '1', 6), cat('5', 'Cups', '2', 2)]);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.children[0]!.name).toBe('Cups');
  });
});
