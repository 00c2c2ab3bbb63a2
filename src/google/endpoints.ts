/**
 * Which Google the module talks to, from the environment: the sandbox when GCONTACTS_GOOGLE_URL names one
 * (the demo host sets it), else Google itself. The OAuth client comes from GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET
 * in both cases (the host passes the sandbox's own client when it starts one).
 */
import { GContactsError } from '../errors';
import type { GoogleEndpoints, OAuthClientConfig } from './gateway';

type Env = Record<string, string | undefined>;

export const GOOGLE_ENDPOINTS: GoogleEndpoints = {
  peopleRootUrl: 'https://people.googleapis.com/',
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
  userInfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
  sandbox: false,
};

/** The sandbox serves Google's paths at its root (People API under /v1, OAuth as Google lays it out). */
export function sandboxEndpoints(baseUrl: string): GoogleEndpoints {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new GContactsError('CONFIG', `GCONTACTS_GOOGLE_URL is not a URL: ${baseUrl}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new GContactsError('CONFIG', `GCONTACTS_GOOGLE_URL must be an http(s) URL: ${baseUrl}`);
  }
  // googleapis keeps only the origin of rootUrl, so a path on the sandbox URL could not be honoured anyway.
  const origin = base.origin;
  return {
    peopleRootUrl: `${origin}/`,
    authUrl: `${origin}/o/oauth2/v2/auth`,
    tokenUrl: `${origin}/token`,
    revokeUrl: `${origin}/revoke`,
    userInfoUrl: `${origin}/oauth2/v3/userinfo`,
    sandbox: true,
  };
}

export function googleEndpoints(env: Env = process.env): GoogleEndpoints {
  const url = env.GCONTACTS_GOOGLE_URL?.trim();
  return url ? sandboxEndpoints(url) : GOOGLE_ENDPOINTS;
}

export function oauthClientConfig(env: Env = process.env): OAuthClientConfig {
  const clientId = env.GOOGLE_CLIENT_ID?.trim();
  const clientSecret = env.GOOGLE_CLIENT_SECRET?.trim();
  const missing = [clientId ? undefined : 'GOOGLE_CLIENT_ID', clientSecret ? undefined : 'GOOGLE_CLIENT_SECRET'].filter(Boolean);
  if (!clientId || !clientSecret) {
    throw new GContactsError('CONFIG', `Google OAuth client not configured: set ${missing.join(' and ')} ` +
      '(a Google Cloud OAuth client of type Web application, with the People API enabled)', { missing });
  }
  return { clientId, clientSecret, endpoints: googleEndpoints(env) };
}
