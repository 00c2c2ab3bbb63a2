/**
 * A Google sandbox the module can connect accounts on: its OAuth client has the module's redirect URIs registered
 * (the CRM's callback and the CLI's browserless sign-in), as an admin registers them at Google.
 */
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/index';
import { moduleRedirectUris } from '../../src/sync/accounts';

export function startModuleSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ redirectUris: moduleRedirectUris({}), ...options });
}
