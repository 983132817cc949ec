/** The embedded platform: every subgraph and the gateway in one process, and the demo seed. */
export { startPlatform, type Platform, type PlatformOptions } from './platform.ts';
export { seedPlatform, type SeedOptions } from './seed.ts';
export { subgraphModules, type SubgraphModule } from './subgraphs.ts';
