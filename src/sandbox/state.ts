import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { AccountRegistry } from './accounts';
import { SandboxClock } from './clock';
import { FaultInjector } from './faults';
import { QuotaMeter, type QuotaConfig } from './quotas';
import { restoreSnapshot, takeSnapshot, type SandboxSnapshot } from './snapshot';

/** At most one save a second: a burst of writes (an "Export all") costs one file write, not one per call. */
const SAVE_DEBOUNCE_MS = 1000;

export interface Latency {
  fixedMs: number;
  jitterMs: number;
}

/** Everything one running sandbox holds. HTTP routes and the in-process control both work on this object. */
export class SandboxState {
  readonly clock: SandboxClock;
  readonly registry: AccountRegistry;
  readonly faults = new FaultInjector();
  readonly quotas: QuotaMeter;
  readonly dataFile: string | undefined;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The redirect URIs registered for the client (Google's "Authorised redirect URIs"); the consent refuses others. */
  readonly redirectUris = new Set<string>();
  propagationDelayMs = 0;
  /** Added to every People API call (a real round trip is 100–300 ms, loopback is none): fixed + up to jitter. */
  latency: Latency = { fixedMs: 0, jitterMs: 0 };
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(opts: { now?: () => number; quotas?: Partial<QuotaConfig>; dataFile?: string; clientId: string; clientSecret: string; redirectUris?: readonly string[] }) {
    this.clock = new SandboxClock(opts.now);
    this.quotas = new QuotaMeter(opts.quotas);
    this.dataFile = opts.dataFile;
    this.clientId = opts.clientId;
    this.clientSecret = opts.clientSecret;
    this.registry = new AccountRegistry(() => this.clock.now(), () => this.scheduleSave());
    if (this.dataFile && existsSync(this.dataFile)) {
      const snap = JSON.parse(readFileSync(this.dataFile, 'utf8')) as SandboxSnapshot;
      this.propagationDelayMs = restoreSnapshot(this.registry, snap, () => this.scheduleSave());
      for (const uri of snap.redirectUris ?? []) this.redirectUris.add(uri);
    }
    for (const uri of opts.redirectUris ?? []) this.registerRedirectUri(uri);
  }

  now(): number {
    return this.clock.now();
  }

  snapshot(): SandboxSnapshot {
    return { ...takeSnapshot(this.registry, this.propagationDelayMs), redirectUris: [...this.redirectUris] };
  }

  /** Adds an http(s) redirect URI to the client's registered list (kept in the data file, like Google keeps it). */
  registerRedirectUri(uri: string): void {
    const url = new URL(uri);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`not an http(s) redirect URI: ${uri}`);
    if (url.hash) throw new TypeError(`a redirect URI has no fragment: ${uri}`);
    this.redirectUris.add(uri);
    this.scheduleSave();
  }

  /** Forgets accounts, tokens and faults; the client's registration (its redirect URIs) stays. */
  reset(): void {
    this.registry.reset();
    this.faults.clear();
    this.propagationDelayMs = 0;
    this.latency = { fixedMs: 0, jitterMs: 0 };
  }

  /** The delay of one People API call under the latency setting. */
  callDelayMs(): number {
    return this.latency.fixedMs + Math.random() * this.latency.jitterMs;
  }

  private scheduleSave(): void {
    if (!this.dataFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.saveNow(), SAVE_DEBOUNCE_MS);
    this.saveTimer.unref();
  }

  saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dataFile) return;
    mkdirSync(dirname(this.dataFile), { recursive: true });
    const tmp = `${this.dataFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.snapshot()));
    renameSync(tmp, this.dataFile);
  }
}
