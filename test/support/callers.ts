// Caller authenticators for route tests: the real one against locally signed tokens, or one that names a fixed caller.
import type { Caller } from "../../app/src/auth/caller";
import { callerAuthenticator, type CallerAuthenticator } from "../../app/src/auth/callerAuthentication";
import { tokenValidator } from "../../app/src/auth/tokenValidator";
import { accessToken, audience, keysEndpoint, person, signingKey, tenantId } from "./entraTokens";

/** Every request comes from `caller`: for routes whose tests are not about sign-in. */
export const fixedCaller = (caller: Caller): CallerAuthenticator => ({ authenticate: async () => ({ ok: true, caller }) });

export const submitter: Caller = { id: "5d2f7a0e-3c4b-4e8f-9a61-2b7c8d9e0f13", name: "Dana Requester", roles: ["access"], scopes: [] };

/** The real authenticator with a local signing key; `token(claims)` signs a token it accepts. */
export async function signedInCallers() {
  const key = await signingKey();
  const endpoint = await keysEndpoint({ keys: [key.publicJwk] });
  return {
    callers: callerAuthenticator(tokenValidator({ tenantId, audience }, { keysUrl: endpoint.url })),
    token: (claims: Record<string, unknown> = {}) => accessToken(key, { ...person, ...claims }),
    close: () => endpoint.close(),
  };
}
