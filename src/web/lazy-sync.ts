/**
 * The sync context of the module's pages, built at the first request rather than at register time: register does
 * no I/O, and building it may create the token key file.
 */
import type { Host } from '../host-contract';
import { createSyncContext, type SyncContext } from '../sync/context';

export function lazySync(host: Host): () => SyncContext {
  let sync: SyncContext | null = null;
  return () => (sync ??= createSyncContext(host));
}
