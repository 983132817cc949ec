/** The user subgraph: accounts and their privacy-aware profile fields. */
export { buildUserSubgraph, typeDefs } from './server.ts';
export { openUserRuntime, migrationsFolder, type UserRuntime } from './runtime.ts';
export { seedUsers, hasUsers } from './seed.ts';
