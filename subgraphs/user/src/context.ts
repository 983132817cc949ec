import type { BaseContext } from '@emporium/kit';
import type { Loaders } from './loaders.ts';
import type { UserRuntime } from './runtime.ts';
import type { UserServices } from './services.ts';

/** The resolver context of the user subgraph. */
export interface Context extends BaseContext {
  rt: UserRuntime;
  loaders: Loaders;
  services: UserServices;
  /**
   * Users this request has just authenticated (sign-up, sign-in, refresh, reset): their AuthPayload shows them their
   * own private fields although the request itself carried no token for them.
   */
  authenticated: Set<string>;
}
