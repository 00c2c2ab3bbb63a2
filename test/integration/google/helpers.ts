import { expect } from 'chai';
import { isGContactsError, type ErrorCode, type GContactsError } from '../../../src/errors';
import { sandboxEndpoints } from '../../../src/google/endpoints';
import { SANDBOX_REDIRECT_URI } from '../../../src/google/oauth';
import type { GoogleEndpoints, PeopleGateway } from '../../../src/google/gateway';
import { createPeopleGateway, type PeopleGatewayOptions } from '../../../src/google/people-gateway';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type RunningSandbox } from '../../../src/sandbox/index';

export interface TestGateway {
  gw: PeopleGateway;
  email: string;
  refreshToken: string;
  /** Every wait the gateway asked for (backoff, Retry-After, pacing): the injected sleep records and returns at once. */
  sleeps: number[];
}

export interface GoogleHarness {
  sandbox: RunningSandbox;
  endpoints: GoogleEndpoints;
  /** The real gateway over HTTP for a fresh sandbox account. */
  gateway(options?: Partial<PeopleGatewayOptions>): TestGateway;
}

/** Where the OAuth tests' consents come back (besides the module's own), registered for the sandbox's client. */
export const TEST_CALLBACKS = ['https://crm.example/gcontacts/callback', 'http://127.0.0.1/cb'];

let counter = 0;
export const uniqueEmail = (tag = 'gw'): string => `${tag}.${process.pid}.${++counter}@example.com`;

/** One sandbox per suite on a free port; faults never outlive a test. */
export function googleHarness(suite: Mocha.Suite): GoogleHarness {
  const h = {} as GoogleHarness;
  suite.beforeAll(async () => {
    h.sandbox = await startSandbox({ port: 0, redirectUris: [SANDBOX_REDIRECT_URI, ...TEST_CALLBACKS] });
    h.endpoints = sandboxEndpoints(h.sandbox.url);
  });
  suite.afterEach(() => h.sandbox.control.clearFaults());
  suite.afterAll(async () => {
    await h.sandbox.close();
  });
  h.gateway = (options = {}) => {
    const email = options.email ?? uniqueEmail();
    const refreshToken = options.refreshToken ?? h.sandbox.control.createAccount(email).refresh_token;
    const sleeps: number[] = [];
    const gw = createPeopleGateway({
      endpoints: h.endpoints, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, refreshToken, email,
      requestsPerMinute: 100_000, timeoutMs: 2000,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options,
    });
    return { gw, email, refreshToken, sleeps };
  };
  return h;
}

/** Awaits a call that must fail with a GContactsError of `code`, and returns it for further checks. */
export async function failsWith(p: Promise<unknown>, code: ErrorCode): Promise<GContactsError> {
  try {
    await p;
  } catch (e) {
    if (!isGContactsError(e)) throw e;
    expect(e.code, e.message).to.equal(code);
    return e;
  }
  expect.fail(`expected ${code}`);
}

export const NAME_FIELDS = ['names', 'emailAddresses', 'clientData', 'memberships', 'metadata'] as const;

export function person(given: string, uid?: string) {
  return {
    names: [{ givenName: given, familyName: 'Test' }],
    emailAddresses: [{ value: `${given.toLowerCase()}@example.org`, type: 'work' }],
    ...(uid ? { clientData: [{ key: 'gcontacts-id', value: uid }] } : {}),
  };
}
