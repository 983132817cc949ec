/** Hive Gateway with `@graphql-hive/router-runtime` (Rust query planner), alone in this process. Env: see hive-runtime.ts. */
import { serveHive } from './hive-runtime.ts';

await serveHive({ routerRuntime: true });
