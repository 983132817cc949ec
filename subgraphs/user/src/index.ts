/** The user subgraph: accounts, sessions, profiles, wishlists, privacy and partner API keys. */
export { buildUserSubgraph, typeDefs, type UserSubgraphOptions } from './server.ts';
export { openUserRuntime, migrationsFolder, type UserRuntime } from './runtime.ts';
export { seedUsers, hasUsers, derivePreferences } from './seed.ts';
export { createSandboxMailer, type Mailer, type MailMessage } from './mailer.ts';
export { createAdmin } from './admin.ts';
