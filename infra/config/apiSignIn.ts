import type { Settings } from "./settings";

/** The Entra application whose access tokens the API accepts: its tenant, and the audience (`aud`) of its v2 tokens. */
export interface ApiSignIn {
  tenantId: string;
  audience: string;
}

/**
 * From the sign-in config of the hosting: OAuth2 Proxy's API audience on AKS (the one it accepts bearer tokens for), the
 * auth application on App Service. Config validation requires oauth2Proxy on AKS and auth on App Service.
 */
export function apiSignIn(settings: Pick<Settings, "auth" | "hosting" | "oauth2Proxy">): ApiSignIn {
  const signIn =
    settings.hosting === "appService"
      ? settings.auth && { tenantId: settings.auth.tenantId, audience: settings.auth.clientId }
      : settings.oauth2Proxy && { tenantId: settings.oauth2Proxy.tenantId, audience: settings.oauth2Proxy.apiAudience };
  if (!signIn) throw new Error(`hosting ${settings.hosting} needs the API's application (config validation requires it)`);
  return signIn;
}
