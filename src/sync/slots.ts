/**
 * How many accounts one process runs at a time (the `concurrent_accounts` setting): runs of different accounts
 * proceed side by side, each under its own lease and its own Google rate limit, so a company with hundreds of
 * accounts does not wait for the slowest one; the bound keeps one process's database connections and memory in
 * check. Shared per host by every engine of the process (the minute job, the wake-ups, the polls).
 */
import type { Host } from '../host-contract';

export const DEFAULT_CONCURRENT_ACCOUNTS = 8;

export interface Slots {
  /** Runs `fn` when a slot is free; at most `size` run at once. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Follows the setting; a smaller size lets the running ones finish. */
  resize(size: number): void;
}

export function createSlots(size: number): Slots {
  let limit = Math.max(1, size);
  let busy = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    while (busy < limit && waiting.length > 0) {
      busy++;
      waiting.shift()!();
    }
  };
  return {
    async run(fn) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        next();
      });
      try {
        return await fn();
      } finally {
        busy--;
        next();
      }
    },
    resize(size) {
      limit = Math.max(1, size);
      next();
    },
  };
}

/** Kept in the global symbol registry like the triggers: one bound per host even if this file loads twice. */
const perHost: WeakMap<Host, Slots> = ((globalThis as Record<symbol, unknown>)[Symbol.for('gcontacts.slots')] ??= new WeakMap()) as WeakMap<Host, Slots>;

/** The host's slots, sized by the `concurrent_accounts` setting read now. */
export async function slotsOf(host: Host): Promise<Slots> {
  const size = Number(await host.settings.get('concurrent_accounts')) || DEFAULT_CONCURRENT_ACCOUNTS;
  let slots = perHost.get(host);
  if (!slots) perHost.set(host, (slots = createSlots(size)));
  else slots.resize(size);
  return slots;
}
