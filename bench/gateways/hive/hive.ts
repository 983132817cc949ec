/** Hive Gateway with its default (stitching) runtime, alone in this process. Env: see hive-runtime.ts. */
import { serveHive } from './hive-runtime.ts';

await serveHive({ routerRuntime: false });
