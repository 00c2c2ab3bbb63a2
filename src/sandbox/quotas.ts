import { ApiError, errorInfo } from './api-error';
import type { ApiOperation } from './operations';

/** `fullSync` is the separate, fixed quota Google puts on the first page of a full sync (connections.list without tokens). */
export type QuotaBucket = 'read' | 'write' | 'delete' | 'group' | 'fullSync';

/**
 * Per-account, per-minute limits. Google's real per-user limits are per project and not all published; these
 * defaults are in the range the Cloud console shows for a new project (90 reads, 60 writes a minute).
 * Off unless a caller passes `quotas`, so demos are never throttled.
 */
export interface QuotaConfig {
  readsPerMinute: number;
  writesPerMinute: number;
  deletesPerMinute: number;
  groupOpsPerMinute: number;
  fullSyncsPerMinute: number;
  /** Per-operation costs; operations left out keep DEFAULT_COSTS. */
  costs: Partial<Record<ApiOperation, Partial<Record<QuotaBucket, number>>>>;
}

/** Batch calls cost more than single ones; writes also spend read quota (the post-mutate read). */
export const DEFAULT_COSTS: Record<ApiOperation, Partial<Record<QuotaBucket, number>>> = {
  'people.connections.list': { read: 1 },
  'people.get': { read: 1 },
  'people.getBatchGet': { read: 5 },
  'people.createContact': { write: 1, read: 1 },
  'people.updateContact': { write: 1, read: 1 },
  'people.deleteContact': { delete: 1 },
  'people.batchCreateContacts': { write: 10, read: 1 },
  'people.batchUpdateContacts': { write: 10, read: 1 },
  'people.batchDeleteContacts': { delete: 10 },
  'contactGroups.list': { group: 1 },
  'contactGroups.get': { group: 1 },
  'contactGroups.batchGet': { group: 5 },
  'contactGroups.create': { group: 1 },
  'contactGroups.update': { group: 1 },
  'contactGroups.delete': { group: 1 },
  'contactGroups.members.modify': { group: 1, write: 1 },
};

export const DEFAULT_QUOTAS: QuotaConfig = {
  readsPerMinute: 90, writesPerMinute: 60, deletesPerMinute: 60, groupOpsPerMinute: 60, fullSyncsPerMinute: 10,
  costs: DEFAULT_COSTS,
};

const METRIC: Record<QuotaBucket, { metric: string; label: string; limitName: string }> = {
  read: { metric: 'people.googleapis.com/read_requests', label: 'Read requests', limitName: 'ReadRequestsPerMinutePerUser' },
  write: { metric: 'people.googleapis.com/write_requests', label: 'Write requests', limitName: 'WriteRequestsPerMinutePerUser' },
  delete: { metric: 'people.googleapis.com/delete_requests', label: 'Delete requests', limitName: 'DeleteRequestsPerMinutePerUser' },
  group: { metric: 'people.googleapis.com/contact_group_requests', label: 'Contact group requests', limitName: 'ContactGroupRequestsPerMinutePerUser' },
  fullSync: { metric: 'people.googleapis.com/full_sync_requests', label: 'Full sync requests', limitName: 'FullSyncRequestsPerMinutePerUser' },
};

const WINDOW_MS = 60_000;

export class QuotaMeter {
  private config: QuotaConfig | undefined;
  private readonly used = new Map<string, { window: number; spent: Record<QuotaBucket, number> }>();

  constructor(config?: Partial<QuotaConfig>) {
    this.configure(config);
  }

  configure(config: Partial<QuotaConfig> | undefined): void {
    this.config = config ? { ...DEFAULT_QUOTAS, ...config, costs: { ...DEFAULT_COSTS, ...config.costs } } : undefined;
    this.used.clear();
  }

  private limit(bucket: QuotaBucket): number {
    const c = this.config!;
    return {
      read: c.readsPerMinute, write: c.writesPerMinute, delete: c.deletesPerMinute, group: c.groupOpsPerMinute,
      fullSync: c.fullSyncsPerMinute,
    }[bucket];
  }

  /**
   * Spends the call's cost, or throws 429 without spending anything when one bucket would overflow.
   * `fullSyncStart` marks the first page of a full sync, which also spends the fullSync bucket.
   */
  charge(accountId: string, op: ApiOperation, now: number, fullSyncStart = false): void {
    if (!this.config) return;
    const window = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    let entry = this.used.get(accountId);
    if (!entry || entry.window !== window) {
      entry = { window, spent: { read: 0, write: 0, delete: 0, group: 0, fullSync: 0 } };
      this.used.set(accountId, entry);
    }
    const cost = { ...this.config.costs[op], ...(fullSyncStart ? { fullSync: 1 } : {}) };
    for (const [bucket, n] of Object.entries(cost) as Array<[QuotaBucket, number]>) {
      if (entry.spent[bucket] + n > this.limit(bucket)) throw this.exhausted(bucket, Math.ceil((window + WINDOW_MS - now) / 1000));
    }
    for (const [bucket, n] of Object.entries(cost) as Array<[QuotaBucket, number]>) entry.spent[bucket] += n;
  }

  private exhausted(bucket: QuotaBucket, retryAfterS: number): ApiError {
    const m = METRIC[bucket];
    const message = `Quota exceeded for quota metric '${m.label}' and limit '${m.label} per minute per user' of service ` +
      `'people.googleapis.com' for consumer 'project_number:0'.`;
    return new ApiError('RESOURCE_EXHAUSTED', message, [
      errorInfo('RATE_LIMIT_EXCEEDED', 'googleapis.com', {
        service: 'people.googleapis.com', quota_metric: m.metric, quota_limit: m.limitName,
        quota_limit_value: String(this.limit(bucket)), consumer: 'projects/0',
      }),
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ subject: m.metric, description: message }] },
    ], { 'Retry-After': String(Math.max(1, retryAfterS)) });
  }
}
