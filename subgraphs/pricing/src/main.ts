import { runStandalone } from '@emporium/kit';
import { openPricingRuntime } from './runtime.ts';
import { buildPricingSubgraph } from './server.ts';

// Runs the pricing subgraph as its own process (README: process model).
await runStandalone(() => openPricingRuntime(), buildPricingSubgraph);
