/**
 * The public (partner) contract: the supergraph filtered to what the subgraph SDLs tag `@tag(name: "public")`,
 * composed with `composeSchemaContract` from @theguild/federation-composition (Apollo's contracts are a paid GraphOS
 * feature; @apollo/composition has none). Everything untagged becomes `@inaccessible` in the contract supergraph, and
 * types no public field reaches are removed, so the second gateway at /public/graphql can only ever plan public fields.
 *
 * Tagging rules (what to write in a subgraph SDL):
 * - a type tagged `public` makes all its fields (in every subgraph) and their arguments public;
 * - otherwise tag the fields one by one; a public field's arguments are public too (added here, so SDLs need not tag
 *   every argument) unless the argument carries its own `@tag`;
 * - scalars, enums and inputs are tagged at the type.
 */
import { composeSchemaContract } from '@theguild/federation-composition';
import {
  buildSchema,
  Kind,
  lexicographicSortSchema,
  printSchema,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
} from 'graphql';

/** The tag that puts a schema element in the partner contract. */
export const PUBLIC_TAG = 'public';

/** A subgraph as composition takes it. */
export interface SubgraphDefinition {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

const tagValue = (d: ConstDirectiveNode): string | undefined => {
  if (d.name.value !== 'tag') return undefined;
  const arg = d.arguments?.find((a) => a.name.value === 'name');
  return arg?.value.kind === Kind.STRING ? arg.value.value : undefined;
};

/** Copies each field's `@tag`s onto those of its arguments that have no `@tag` of their own. */
export function propagateFieldTagsToArguments(doc: DocumentNode): DocumentNode {
  return visit(doc, {
    FieldDefinition(field: FieldDefinitionNode) {
      const tags = (field.directives ?? []).filter((d) => tagValue(d) !== undefined);
      if (tags.length === 0 || !field.arguments?.length) return undefined;
      return {
        ...field,
        arguments: field.arguments.map((arg) =>
          arg.directives?.some((d) => tagValue(d) !== undefined) ? arg : { ...arg, directives: [...(arg.directives ?? []), ...tags] },
        ),
      };
    },
  });
}

/** The composed public contract: its supergraph (for the gateway) and its client-facing API schema (sorted SDL). */
export interface PublicContract {
  supergraphSdl: string;
  apiSdl: string;
}

/** Composes the public contract, or throws with every composition error. */
export function composePublicContract(subgraphs: SubgraphDefinition[]): PublicContract {
  const result = composeSchemaContract(
    subgraphs.map((s) => ({ ...s, typeDefs: propagateFieldTagsToArguments(s.typeDefs) })),
    { include: new Set([PUBLIC_TAG]), exclude: new Set() },
    true,
  );
  if (result.errors) {
    throw new Error(`Public contract composition failed:\n${result.errors.map((e) => `- ${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n')}`);
  }
  const api = lexicographicSortSchema(buildSchema(result.publicSdl));
  return { supergraphSdl: result.supergraphSdl, apiSdl: printSchema(api) };
}
