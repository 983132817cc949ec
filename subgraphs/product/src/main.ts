import { runStandalone } from '@emporium/kit';
import { openProductRuntime } from './runtime.ts';
import { buildProductSubgraph } from './server.ts';

// Runs the product subgraph as its own process (README: process model).
await runStandalone(() => openProductRuntime(), buildProductSubgraph);
