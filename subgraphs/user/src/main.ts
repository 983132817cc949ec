import { runStandalone } from '@emporium/kit';
import { openUserRuntime } from './runtime.ts';
import { buildUserSubgraph } from './server.ts';

// Runs the user subgraph as its own process (README: process model).
await runStandalone(() => openUserRuntime(), buildUserSubgraph);
