import { ApiError } from './api-error';
import type { Operation } from './operations';

/**
 * Failures a client must survive. `hang` never answers (the client's timeout fires), `drop` destroys the socket
 * before any byte is sent, `lose-response` applies the write and then destroys the socket, so the client cannot
 * know whether it happened — the case the module's exactly-once create must recover from.
 */
export const FAULT_KINDS = ['error500', 'error503', 'error429', 'hang', 'drop', 'lose-response'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /** An operation id such as `people.createContact`, or `*` for any call. */
  route: Operation | '*';
  fault: FaultKind;
  /** How many of the next matching calls fail; default 1. */
  count?: number;
  /** Retry-After seconds sent with error429; default 1. */
  retryAfterSeconds?: number;
}

interface Pending { fault: FaultKind; left: number; retryAfterSeconds: number }

export class FaultInjector {
  private readonly queue = new Map<string, Pending[]>();

  inject(specs: FaultSpec | FaultSpec[]): void {
    for (const s of Array.isArray(specs) ? specs : [specs]) {
      const list = this.queue.get(s.route) ?? [];
      list.push({ fault: s.fault, left: s.count ?? 1, retryAfterSeconds: s.retryAfterSeconds ?? 1 });
      this.queue.set(s.route, list);
    }
  }

  /** Takes the next fault for this call, if any: a route-specific one first, then a wildcard one. */
  take(op: Operation): Pending | undefined {
    for (const key of [op, '*']) {
      const list = this.queue.get(key);
      const head = list?.[0];
      if (!list || !head) continue;
      head.left -= 1;
      if (head.left <= 0) list.shift();
      return head;
    }
    return undefined;
  }

  pending(): Array<{ route: string; fault: FaultKind; left: number }> {
    return [...this.queue].flatMap(([route, list]) => list.map((p) => ({ route, fault: p.fault, left: p.left })));
  }

  clear(): void {
    this.queue.clear();
  }
}

export function faultError(p: Pending): ApiError | undefined {
  switch (p.fault) {
    case 'error500': return new ApiError('INTERNAL', 'Internal error encountered.');
    case 'error503': return new ApiError('UNAVAILABLE', 'The service is currently unavailable.');
    case 'error429': return new ApiError('RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).',
      [{
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ subject: 'QUOTA_EXCEEDED', description: 'Injected by the sandbox' }],
      }],
      { 'Retry-After': String(p.retryAfterSeconds) });
    default: return undefined;
  }
}
