import * as web from "@pulumi/azure-native/web";
import { apiScope, entraIssuer } from "../../../../app/src/contract";
import type { AppServiceSettings, AuthSettings } from "../../../config";

/** The only path App Service answers without a signed-in caller: its own health check (and probes) reach it. */
export const healthPath = "/api/health";

/** The Azure CLI's public client id: people call the API with `az account get-access-token --scope api://<client id>/.default`. */
export const azureCliClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/**
 * The app setting App Service authentication reads the federated identity's client id from, named as the client secret
 * setting (learn.microsoft.com/azure/app-service/configure-authentication-provider-aad, "Use a managed identity instead
 * of a secret (preview)"; MicrosoftDocs/azure-docs articles/app-service/configure-authentication-provider-aad.md).
 */
export const federatedSignInSetting = "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID";

export interface EntraSignInInput {
  auth: AuthSettings;
  appService: Pick<AppServiceSettings, "allowedApplications" | "signInIdentity">;
}

/** The app settings the sign-in itself reads: only the federated identity's client id, when there is one. */
export function signInAppSettings({ appService }: EntraSignInInput): Array<{ name: string; value: string }> {
  return appService.signInIdentity ? [{ name: federatedSignInSetting, value: appService.signInIdentity.clientId }] : [];
}

/**
 * authsettingsV2 of a site or slot (sites/config/authsettingsV2; MicrosoftDocs/azure-docs
 * articles/app-service/configure-authentication-provider-aad.md and overview-authentication-authorization.md):
 * - every request but the health path needs a caller; without one the answer is 401, as OAuth2 Proxy answers API routes
 *   on AKS. People sign in at /.auth/login/aad (like /oauth2/start there); programs send an access token for the API.
 * - only the trust level's application, at its tenant's v2 issuer. Who may get a token at all is Entra's decision: the
 *   application's service principal requires an assignment of its `access` role (the bootstrap assigns users, groups and
 *   programs); App Service checks neither roles nor groups ("App Service authentication doesn't perform this validation").
 * - allowedApplications names the clients whose access tokens count (the `appid`/`azp` claim): an explicit list, since a
 *   stored empty list is read as "permit nothing" (pnp/Microsoft365-Analytics-Insights pull request 264).
 * - the app reads the caller's access token itself (approvals): a program's arrives as its own Authorization header;
 *   a browser session has one only through the token store. "When the client secret isn't set, implicit flow is used
 *   and only an ID token is returned" (configure-authentication-provider-aad.md): so the token store is on only with
 *   the federated identity, which redeems a code, asks for the API's scope, and keeps the caller's access token for the
 *   app as X-MS-TOKEN-AAD-ACCESS-TOKEN (configure-authentication-oauth-tokens.md).
 */
export function entraSignIn({ auth, appService }: EntraSignInInput) {
  const federated = appService.signInIdentity !== undefined;
  return {
    platform: { enabled: true },
    globalValidation: {
      requireAuthentication: true,
      unauthenticatedClientAction: web.UnauthenticatedClientActionV2.Return401,
      excludedPaths: [healthPath],
    },
    identityProviders: {
      azureActiveDirectory: {
        enabled: true,
        registration: {
          clientId: auth.clientId,
          openIdIssuer: entraIssuer(auth.tenantId),
          ...(federated ? { clientSecretSettingName: federatedSignInSetting } : {}),
        },
        validation: {
          // The client id is always an allowed audience; the identifier URI is added for tokens requested by it.
          allowedAudiences: [`api://${auth.clientId}`, auth.clientId],
          defaultAuthorizationPolicy: { allowedApplications: [auth.clientId, azureCliClientId, ...appService.allowedApplications] },
        },
        ...(federated
          ? { login: { loginParameters: [`scope=openid profile email offline_access api://${auth.clientId}/${apiScope}`] } }
          : {}),
      },
    },
    login: { tokenStore: { enabled: federated } },
    httpSettings: { requireHttps: true },
  };
}
