/**
 * The module's Google layer, as the engines and the CLI use it. A gateway for a stored account is
 * `createPeopleGateway({ ...oauthClientConfig(), email, refreshToken })`: the OAuthClientConfig carries the
 * client id, secret and endpoints the gateway needs.
 */
export * from './gateway';
export { GOOGLE_ENDPOINTS, googleEndpoints, oauthClientConfig, sandboxEndpoints } from './endpoints';
export { createGoogleOAuth, OAUTH_SCOPES, SANDBOX_REDIRECT_URI, type ConnectedAccount, type GoogleOAuth } from './oauth';
export { createPeopleGateway, type PeopleGatewayOptions } from './people-gateway';
export { RateLimiter, type RateLimiterOptions, type Sleep } from './rate-limiter';
