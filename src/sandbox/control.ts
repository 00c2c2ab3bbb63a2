import { FULL_SCOPE } from './accounts';
import type { FaultKind, FaultSpec } from './faults';
import type { QuotaConfig } from './quotas';
import { withoutSecrets, type SandboxSnapshot } from './snapshot';
import type { Latency, SandboxState } from './state';

export interface MintedAccount {
  email: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/** The in-process twin of the /__sandbox/ HTTP control API, for tests and the demo host. */
export interface SandboxControl {
  /** Creates the account if needed and mints fresh tokens for the default sandbox client. */
  createAccount(email: string): MintedAccount;
  injectFaults(specs: FaultSpec | FaultSpec[]): void;
  clearFaults(): void;
  /** Faults injected and not yet used up. */
  pendingFaults(): Array<{ route: string; fault: FaultKind; left: number }>;
  /** Moves the sandbox clock forward; returns the new sandbox time (ms). */
  advanceClock(ms: number): number;
  /** Delay before a write shows up in sync-token listings (direct reads see it at once). */
  setPropagationDelay(ms: number): void;
  /** Delays every People API call by fixedMs plus a random share of jitterMs (0, 0: none). */
  setLatency(latency: Latency): void;
  /** Turns quotas on with the given limits, or off with undefined. */
  setQuotas(quotas: Partial<QuotaConfig> | undefined): void;
  reset(): void;
  /** The whole state; refresh and access tokens show as "(hidden)" unless `secrets` is asked for. */
  dump(options?: { secrets?: boolean }): SandboxSnapshot;
  /** Registers a redirect URI for the sandbox's OAuth client (the consent refuses any other). */
  registerRedirectUri(uri: string): void;
  redirectUris(): string[];
  now(): number;
}

export function createControl(state: SandboxState): SandboxControl {
  return {
    createAccount(email) {
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new TypeError(`not an email address: ${email}`);
      const account = state.registry.ensureAccount(email);
      const grant = state.registry.grant(account, state.clientId, FULL_SCOPE);
      const t = state.registry.issueTokens(grant, true);
      return { email: account.email, access_token: t.access_token, refresh_token: t.refresh_token!, expires_in: t.expires_in };
    },
    injectFaults: (specs) => state.faults.inject(specs),
    clearFaults: () => state.faults.clear(),
    pendingFaults: () => state.faults.pending(),
    advanceClock: (ms) => state.clock.advance(ms),
    setPropagationDelay(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('propagation delay must be >= 0 ms');
      state.propagationDelayMs = ms;
    },
    setLatency({ fixedMs, jitterMs }) {
      if (![fixedMs, jitterMs].every((ms) => Number.isFinite(ms) && ms >= 0)) throw new RangeError('latency must be >= 0 ms');
      state.latency = { fixedMs, jitterMs };
    },
    setQuotas: (quotas) => state.quotas.configure(quotas),
    reset: () => state.reset(),
    dump: (options = {}) => (options.secrets ? state.snapshot() : withoutSecrets(state.snapshot())),
    registerRedirectUri: (uri) => state.registerRedirectUri(uri),
    redirectUris: () => [...state.redirectUris],
    now: () => state.now(),
  };
}
