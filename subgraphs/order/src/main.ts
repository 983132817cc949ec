import { runStandalone } from '@emporium/kit';
import { openOrderRuntime } from './runtime.ts';
import { buildOrderSubgraph } from './server.ts';

// Runs the order subgraph as its own process (README: process model).
await runStandalone(() => openOrderRuntime(), buildOrderSubgraph);
