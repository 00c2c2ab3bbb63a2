/**
 * The PeopleGateway (gateway.ts) over googleapis: one instance per connected account. The OAuth2Client holds the
 * refresh token and refreshes access tokens itself; googleapis' own retry is off so call-runner.ts alone decides
 * what is retried (its rules differ per call kind); every People request, retries included, is counted.
 */
import { google } from 'googleapis';
import { createRunner } from './call-runner';
import { ClockWatch } from './clock-watch';
import type { GoogleEndpoints, PeopleGateway } from './gateway';
import { groupMethods } from './group-methods';
import { peopleMethods } from './people-methods';
import { RateLimiter, realSleep, type Sleep } from './rate-limiter';
import { DEFAULT_BACKOFF, type BackoffConfig } from './retry-timing';
import { Serial } from './serial';

export interface PeopleGatewayOptions {
  endpoints: GoogleEndpoints;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  email: string;
  /** Pacing of this account's requests; default 60 a minute (a new project's write quota per user). */
  requestsPerMinute?: number;
  /** Share one bucket between gateways of the same account (several runs at once); overrides requestsPerMinute. */
  limiter?: RateLimiter;
  /** Attempts per call, the first included; default 5. */
  maxAttempts?: number;
  /** Per-request timeout; a hanging Google fails this fast and counts as a transient failure. Default 20 s. */
  timeoutMs?: number;
  backoff?: Partial<BackoffConfig>;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  /** The clock of the CRM's update times (the host's), which Google's clock offset is measured against; default `now`. */
  crmNow?: () => number;
}

const DEFAULT_RPM = 60;
const DEFAULT_ATTEMPTS = 5;
const DEFAULT_TIMEOUT_MS = 20_000;

export function createPeopleGateway(o: PeopleGatewayOptions): PeopleGateway {
  const timeout = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = o.sleep ?? realSleep;
  const now = o.now ?? Date.now;
  const auth = new google.auth.OAuth2({
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    endpoints: { oauth2TokenUrl: o.endpoints.tokenUrl, oauth2RevokeUrl: o.endpoints.revokeUrl, oauth2AuthBaseUrl: o.endpoints.authUrl },
    // A 401 refreshes and replays once even when the token looks fresh locally (clock skew, a revoked grant).
    forceRefreshOnFailure: true,
    // The token refresh shares the timeout, so a hanging token endpoint cannot stall a run either, and loses
    // google-auth-library's own hidden retries: call-runner.ts retries it with the same backoff and injected sleep.
    transporterOptions: { timeout, retryConfig: { retry: 0, noResponseRetries: 0 } },
  });
  auth.setCredentials({ refresh_token: o.refreshToken });

  let requestCount = 0;
  const apiPrefix = `${new URL(o.endpoints.peopleRootUrl).origin}/v1/`;
  // Counted at the transport, so the client's own replay after a 401 counts too; token refreshes do not.
  auth.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (String(config.url).startsWith(apiPrefix)) requestCount++;
      return config;
    },
  });

  const clock = new ClockWatch();
  const crmNow = o.crmNow ?? now;
  const api = google.people({ version: 'v1', rootUrl: o.endpoints.peopleRootUrl, auth, retry: false, timeout });
  const run = createRunner({
    limiter: o.limiter ?? new RateLimiter({ requestsPerMinute: o.requestsPerMinute ?? DEFAULT_RPM, now, sleep }),
    serial: new Serial(),
    sleep,
    random: o.random ?? Math.random,
    now,
    maxAttempts: o.maxAttempts ?? DEFAULT_ATTEMPTS,
    backoff: { ...DEFAULT_BACKOFF, ...o.backoff },
    tokenUrl: o.endpoints.tokenUrl,
    crmNow,
    answered: (headers, sentMs, receivedMs) => clock.observe(headers as Parameters<ClockWatch['observe']>[0], sentMs, receivedMs),
  });

  return {
    email: o.email,
    get requestCount() {
      return requestCount;
    },
    clockOffsetMs: () => clock.offsetMs(),
    clockMarginMs: () => clock.marginMs(),
    ...peopleMethods(api, run),
    ...groupMethods(api, run),
  };
}
