import { runStandalone } from '@emporium/kit';
import { openInventoryRuntime } from './runtime.ts';
import { buildInventorySubgraph } from './server.ts';

// Runs the inventory subgraph as its own process (README: process model).
await runStandalone(() => openInventoryRuntime(), buildInventorySubgraph);
