import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** True when the field being resolved selects `name` directly (through inline or named fragments too). */
export function selectsField(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === 'Field') return s.name.value === name;
      if (s.kind === 'InlineFragment') return visit(s.selectionSet, seen);
      const fragmentName = s.name.value;
      if (seen.has(fragmentName)) return false;
      seen.add(fragmentName);
      const fragment: FragmentDefinitionNode | undefined = info.fragments[fragmentName];
      return visit(fragment?.selectionSet, seen);
    });
  return info.fieldNodes.some((f: FieldNode) => visit(f.selectionSet, new Set()));
}
