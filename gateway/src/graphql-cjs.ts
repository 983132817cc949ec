import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';

/**
 * graphql-js as @apollo/gateway loads it (CommonJS). Code that inspects the schema the gateway built must use this
 * instance: graphql's type predicates are `instanceof` checks, and the ESM build is a different module ("Cannot use
 * GraphQLObjectType from another module or realm").
 */
export const graphqlCjs = createRequire(import.meta.url)('graphql') as typeof GraphQL;
