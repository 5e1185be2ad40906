import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { appSettingNames } from "../contract/settingNames";
import { errorResponse, jsonResponse } from "../http/responses";
import { callerOf, isApprover, type Caller } from "./caller";
import type { TokenValidator } from "./tokenValidator";

/**
 * Where a caller's access token arrives, by path; the first header present is the one validated. Any of them may be
 * sent by anyone: only the token's signature makes it count.
 * - `Authorization: Bearer`: programs and people with `az account get-access-token`; OAuth2 Proxy and App Service
 *   authentication pass it through.
 * - `X-Forwarded-Access-Token`: OAuth2 Proxy as reverse proxy (Gateway API) with pass_access_token, the signed-in
 *   person's token; `X-Auth-Request-Access-Token`: the same in its /oauth2/auth answer with set_xauthrequest, which
 *   NGINX copies (auth-response-headers). oauth2-proxy/oauth2-proxy pkg/apis/options/legacy_options.go.
 * - `X-MS-TOKEN-AAD-ACCESS-TOKEN`: App Service authentication's token store (MicrosoftDocs/azure-docs
 *   articles/app-service/configure-authentication-oauth-tokens.md).
 */
export const accessTokenHeaders = [
  "authorization",
  "x-forwarded-access-token",
  "x-auth-request-access-token",
  "x-ms-token-aad-access-token",
];

const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export function accessTokenOf(request: HttpRequest): string | undefined {
  for (const header of accessTokenHeaders) {
    const value = request.headers.get(header)?.trim();
    if (!value) continue;
    if (header !== "authorization") return value;
    const token = bearer.exec(value)?.[1];
    if (token !== undefined) return token;
  }
  return undefined;
}

/** Seconds a caller should wait when the signing keys could not be fetched. */
export const keysRetryAfterSeconds = 30;

export const authErrors = {
  notConfigured: `This deployment does not say which sign-in to trust (app settings '${appSettingNames.authTenantId}' and '${appSettingNames.authAudience}'): approvals are unavailable.`,
  noToken: "This route needs a signed-in caller: send an Entra access token for the API.",
  invalidToken: "The access token is not valid for this API.",
  keysUnavailable: "The sign-in keys could not be fetched to check the access token. Try again later.",
  notApprover: "Deciding approvals needs the 'approver' app role, in a token a person signed in for.",
} as const;

export type Authentication = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly response: HttpResponseInit };

export interface CallerAuthenticator {
  authenticate(request: HttpRequest, context: InvocationContext): Promise<Authentication>;
}

const refused = (response: HttpResponseInit): Authentication => ({ ok: false, response });
const unauthorized = (error: string, challenge: string) => jsonResponse(401, { error }, { "WWW-Authenticate": challenge });

/**
 * The caller of a request, from its validated access token. Without the sign-in settings (no validator) every request
 * is refused with 503: a deployment that cannot check tokens never lets anonymous callers through.
 */
export function callerAuthenticator(validator: TokenValidator | undefined): CallerAuthenticator {
  return {
    async authenticate(request, context) {
      if (validator === undefined) return refused(errorResponse(503, authErrors.notConfigured));
      const token = accessTokenOf(request);
      if (token === undefined) return refused(unauthorized(authErrors.noToken, "Bearer"));
      const check = await validator.validate(token);
      if (!check.ok && check.problem === "keysUnavailable") {
        context.warn(`Access token not checked: ${check.detail}`);
        return refused(jsonResponse(503, { error: authErrors.keysUnavailable }, { "Retry-After": String(keysRetryAfterSeconds) }));
      }
      const caller = check.ok ? callerOf(check.claims) : undefined;
      if (caller === undefined) {
        context.log(`Access token refused: ${check.ok ? "no oid or azp claim (not an access token of a caller)" : check.detail}`);
        return refused(unauthorized(authErrors.invalidToken, 'Bearer error="invalid_token"'));
      }
      return { ok: true, caller };
    },
  };
}

/** 403 unless the caller may decide approvals. */
export function approverRefusal(caller: Caller): HttpResponseInit | undefined {
  return isApprover(caller) ? undefined : errorResponse(403, authErrors.notApprover);
}
