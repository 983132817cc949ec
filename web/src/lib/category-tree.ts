/** Builds the category facet's tree from the flat list the API returns (each node knows its parent). */

export interface FacetCategory {
  count: number;
  category: { id: string; slug: string; name: string; path: readonly string[]; parent?: { id: string } | null };
}

export interface CategoryNode {
  id: string;
  slug: string;
  name: string;
  count: number;
  children: CategoryNode[];
}

/**
 * Nests the facet's categories under their parents; nodes whose parent is not in the list become roots (e.g. the
 * subcategories of the category being browsed). Siblings keep the API's order (most products first).
 */
export function buildCategoryTree(facets: readonly FacetCategory[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const f of facets) nodes.set(f.category.id, { id: f.category.id, slug: f.category.slug, name: f.category.name, count: f.count, children: [] });
  const roots: CategoryNode[] = [];
  for (const f of facets) {
    const node = nodes.get(f.category.id)!;
    const parent = f.category.parent ? nodes.get(f.category.parent.id) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
