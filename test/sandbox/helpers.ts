import { google, type people_v1 } from 'googleapis';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/index';

export interface Harness {
  sandbox: RunningSandbox;
  /** A People client for a fresh account, exactly as the module builds one: googleapis + OAuth2Client + rootUrl. */
  people(email?: string, opts?: { retry?: boolean }): people_v1.People;
  auth(email: string): PeopleAuth;
}

let counter = 0;
export const uniqueEmail = (tag = 'user'): string => `${tag}.${process.pid}.${++counter}@example.com`;

/** OAuth2Client options pointing at the sandbox; the same object works for google-auth-library and google.auth.OAuth2. */
export function clientOptions(sandbox: RunningSandbox, redirectUri = 'http://127.0.0.1:9/callback') {
  return {
    clientId: SANDBOX_CLIENT_ID,
    clientSecret: SANDBOX_CLIENT_SECRET,
    redirectUri,
    // The sandbox clock can jump ahead of the client's: refresh on a 401 even when the token looks fresh locally.
    forceRefreshOnFailure: true,
    endpoints: {
      oauth2AuthBaseUrl: `${sandbox.url}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${sandbox.url}/token`,
      oauth2RevokeUrl: `${sandbox.url}/revoke`,
    },
  };
}

/**
 * googleapis bundles its own copy of google-auth-library, so its People client is typed against that copy's
 * OAuth2Client; `google.auth.OAuth2` is that class. The OAuth tests drive the top-level google-auth-library too.
 */
export type PeopleAuth = InstanceType<typeof google.auth.OAuth2>;

export function oauthClient(sandbox: RunningSandbox): PeopleAuth {
  return new google.auth.OAuth2(clientOptions(sandbox));
}

/** The redirect URIs the sandbox tests send consents back to, registered for the client as at Google. */
export const TEST_REDIRECT_URIS = ['http://127.0.0.1:9/callback', 'http://127.0.0.1:9/oauth/callback', 'http://127.0.0.1:9/cb'];

export function harness(hooks: Mocha.Suite, options: SandboxOptions = {}): Harness {
  const h = {} as Harness;
  hooks.beforeAll(async () => {
    h.sandbox = await startSandbox({ redirectUris: TEST_REDIRECT_URIS, ...options });
  });
  hooks.afterAll(async () => {
    await h.sandbox.close();
  });
  h.auth = (email) => {
    const tokens = h.sandbox.control.createAccount(email);
    const auth = oauthClient(h.sandbox);
    auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    return auth;
  };
  // Retries are off by default so a test counts calls exactly; the fault tests turn gaxios' own retry back on.
  h.people = (email = uniqueEmail(), opts = {}) =>
    google.people({ version: 'v1', rootUrl: `${h.sandbox.url}/`, auth: h.auth(email), retry: opts.retry ?? false });
  return h;
}

/** The error body googleapis hands back, typed loosely: tests assert on Google's wire shape. */
export interface WireError {
  status?: number;
  response?: { status: number; headers: Headers | Record<string, string>; data: { error: { code: number; message: string; status: string; details?: Array<Record<string, unknown>> } } };
}

export async function failure(p: Promise<unknown>): Promise<WireError> {
  try {
    await p;
  } catch (e) {
    return e as WireError;
  }
  throw new Error('expected the call to fail');
}

export async function listAll(people: people_v1.People, params: people_v1.Params$Resource$People$Connections$List): Promise<{ connections: people_v1.Schema$Person[]; syncToken?: string; pages: number }> {
  const connections: people_v1.Schema$Person[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  for (;;) {
    const { data } = await people.people.connections.list({ resourceName: 'people/me', ...params, pageToken });
    pages++;
    connections.push(...(data.connections ?? []));
    if (!data.nextPageToken) return { connections, syncToken: data.nextSyncToken ?? undefined, pages };
    pageToken = data.nextPageToken;
  }
}
