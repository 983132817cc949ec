import { runStandalone } from '@emporium/kit';
import { openDealRuntime } from './runtime.ts';
import { buildDealSubgraph } from './server.ts';

// Runs the deal subgraph as its own process (README: process model).
await runStandalone(() => openDealRuntime(), buildDealSubgraph);
