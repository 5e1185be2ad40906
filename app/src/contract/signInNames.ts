// What the trust level's Entra application defines and the app and the infrastructure both name (bootstrap/signInApp.ts
// creates them; bootstrap cannot import the app, so a test holds the two spellings equal).

/** The delegated scope of the API: only a token a person signed in for carries it (`scp`). */
export const apiScope = "access_as_user";
/** The app role that lets a person decide approvals (`roles`). */
export const approverRole = "approver";
/**
 * The issuer of the tenant's v2 tokens (bootstrap/signInApp.ts sets requestedAccessTokenVersion 2): the app checks it,
 * OAuth2 Proxy and App Service authentication sign people in with it.
 */
export const entraIssuer = (tenantId: string) => `https://login.microsoftonline.com/${tenantId}/v2.0`;
