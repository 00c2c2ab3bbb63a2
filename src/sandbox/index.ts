import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControl, type SandboxControl } from './control';
import { createApp } from './http/app';
import type { QuotaConfig } from './quotas';
import { SandboxState } from './state';

export const SANDBOX_CLIENT_ID = 'gcontacts-sandbox-client';
export const SANDBOX_CLIENT_SECRET = 'gcontacts-sandbox-secret';

export type { SandboxControl, MintedAccount } from './control';
export { CONTROL_HEADER, controlHeaders } from './http/control-guard';
export type { FaultKind, FaultSpec } from './faults';
export { FAULT_KINDS } from './faults';
export type { QuotaConfig, QuotaBucket } from './quotas';
export { DEFAULT_QUOTAS } from './quotas';
export type { ApiOperation, Operation } from './operations';
export type { SandboxSnapshot } from './snapshot';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** JSON file the state is saved to (debounced) and loaded from at start. */
  dataFile?: string;
  /** Passing quotas turns them on; unset limits take DEFAULT_QUOTAS. */
  quotas?: Partial<QuotaConfig>;
  clientId?: string;
  clientSecret?: string;
  /** Redirect URIs registered for the client; the consent answers redirect_uri_mismatch for any other. */
  redirectUris?: readonly string[];
  /** Base time source; the sandbox clock adds its own offset (advanceClock) on top. */
  now?: () => number;
}

export interface RunningSandbox {
  url: string;
  port: number;
  control: SandboxControl;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const state = new SandboxState({
    now: options.now, quotas: options.quotas, dataFile: options.dataFile,
    clientId: options.clientId ?? SANDBOX_CLIENT_ID, clientSecret: options.clientSecret ?? SANDBOX_CLIENT_SECRET,
    ...(options.redirectUris ? { redirectUris: options.redirectUris } : {}),
  });
  const control = createControl(state);
  const server: Server = createServer(createApp(state, control));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    control,
    close() {
      // Idempotent: a host's shutdown path and a test's afterAll may both call it.
      closing ??= new Promise<void>((resolve, reject) => {
        state.saveNow();
        server.close((e) => (e ? reject(e) : resolve()));
        // Hung requests (the `hang` fault) would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
