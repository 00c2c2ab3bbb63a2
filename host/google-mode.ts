/**
 * Which Google the CRM's module talks to. With GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET set it is the real one;
 * otherwise `npm start` runs the sandbox in-process on SANDBOX_PORT and points the module at it through
 * GCONTACTS_GOOGLE_URL, so the demo works on a machine that cannot reach Google.
 */
import { join } from 'node:path';
import { controlHeaders, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox } from '../src/sandbox';
import { moduleRedirectUris } from '../src/sync/accounts';
import type { HostConfig } from './config';

export interface GoogleMode {
  /** Variables added to the module's environment. */
  env: Record<string, string>;
  /** True when the module talks to the in-process sandbox. */
  sandbox: boolean;
  banner: string;
  close(): Promise<void>;
}

export async function startGoogle(config: HostConfig, env: Readonly<Record<string, string | undefined>>): Promise<GoogleMode> {
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    return { env: {}, sandbox: false, banner: 'Google: the real Google People API (GOOGLE_CLIENT_ID is set).', close: async () => {} };
  }
  const sandbox = await startSandbox({ port: config.sandboxPort, dataFile: join(config.dataDir, 'sandbox.json'), redirectUris: demoRedirectUris(config, env) });
  return {
    env: { GCONTACTS_GOOGLE_URL: sandbox.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET },
    sandbox: true,
    banner: `Google: SANDBOX at ${sandbox.url} (GOOGLE_CLIENT_ID unset) — phone view: ${sandbox.url}/phone`,
    close: () => sandbox.close(),
  };
}

/**
 * What the demo registers for the sandbox's OAuth client, as an admin registers them at Google: the module's
 * callback on this CRM (PUBLIC_URL, or its default from PORT) and the CLI's browserless sign-in address.
 */
export function demoRedirectUris(config: HostConfig, env: Readonly<Record<string, string | undefined>>): string[] {
  return [...new Set([...moduleRedirectUris(env), ...moduleRedirectUris({ ...env, PUBLIC_URL: env.PUBLIC_URL ?? config.publicUrl })])];
}

/**
 * The Google of a CLI run: the real one when configured; else the sandbox of a running server on SANDBOX_PORT, or
 * one started on the same data file when none answers, so the demo state is the same either way.
 */
export async function googleForCli(config: HostConfig, env: Readonly<Record<string, string | undefined>>): Promise<GoogleMode> {
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) return startGoogle(config, env);
  const url = `http://127.0.0.1:${config.sandboxPort}`;
  const running = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
  if (!running) return startGoogle(config, env);
  // A sandbox started elsewhere (npm run sandbox) learns this CRM's redirect URIs, as the demo's own sandbox does.
  for (const uri of demoRedirectUris(config, env)) {
    await fetch(`${url}/__sandbox/redirect-uris`, { method: 'POST', headers: controlHeaders(), body: JSON.stringify({ uri }), signal: AbortSignal.timeout(2000) });
  }
  return { env: { GCONTACTS_GOOGLE_URL: url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET }, sandbox: true, banner: '', close: async () => {} };
}
