/** Hive Gateway with its defaults plus Authorization forwarding (checkout), alone in this process. Env: see hive-runtime.ts. */
import { serveHive } from './hive-runtime.ts';

await serveHive({ routerRuntime: false, propagateAuthorization: true });
