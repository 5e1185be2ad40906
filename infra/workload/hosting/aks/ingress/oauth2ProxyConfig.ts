import { apiScope, entraIssuer } from "../../../../../app/src/contract";
import type { OAuth2ProxySettings, Settings } from "../../../../config";

const quoted = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** oauth2-proxy matches api_routes as regular expressions against the request URI (oauth2-proxy/oauth2-proxy oauthproxy.go isAPIPath). */
export const apiRoutePatterns = (publicPaths: string[]) => publicPaths.map((path) => `^${escapeRegex(path)}`);

export interface ProxyConfigInput {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "hostname">;
  proxy: OAuth2ProxySettings;
  /** Where authenticated requests go: the app Service (reverse proxy), or `static://202` when NGINX asks only /oauth2/auth. */
  upstream: string;
  publicPaths: string[];
}

/**
 * oauth2_proxy.cfg, shared by both ingress variants. People sign in with a browser (cookie session); programs send
 * an Entra access token for the API app registration as a bearer token. Without either, API paths answer 401.
 */
export function oauth2ProxyConfigFile({ settings, proxy, upstream, publicPaths }: ProxyConfigInput): string {
  const lines = [
    `email_domains = ${quoted(proxy.allowedEmailDomains)}`,
    `upstreams = ${quoted([upstream])}`,
    `whitelist_domains = ${quoted([settings.hostname])}`,
    // No session and an API path: 401 instead of a redirect to the sign-in page (oauth2-proxy oauthproxy.go, ErrNeedsLogin).
    `api_routes = ${quoted(apiRoutePatterns(publicPaths))}`,
    `skip_jwt_bearer_tokens = true`,
    // A bad or foreign bearer token is refused (403), never answered with a sign-in redirect.
    `bearer_token_login_fallback = false`,
    // issuer=audience pairs (oauth2-proxy pkg/validation/options.go parseJwtIssuers).
    `extra_jwt_issuers = ${quoted([`${entraIssuer(proxy.tenantId)}=${proxy.apiAudience}`])}`,
    // Only these options make the proxy set (and so replace) Authorization (oauth2-proxy pkg/apis/options/legacy_options.go).
    `pass_authorization_header = false`,
    `set_authorization_header = false`,
    // The signed-in person's access token, for the app's approver check: X-Forwarded-Access-Token to the upstream, and
    // X-Auth-Request-Access-Token in /oauth2/auth's answer with set_xauthrequest (same file). Behind the Gateway the
    // client's own copies of those headers are dropped (skip_auth_strip_headers, on by default); the app validates any.
    `pass_access_token = true`,
    // The API's scope makes that token one for the API; Graph then refuses it, so the entra-id provider cannot read a
    // group overage (past ~200 groups) from Graph (oauth2-proxy providers/ms_entra_id.go addGraphGroupsToSession). No
    // offline_access: the refresh sends no scope (providers/oidc.go redeemRefreshToken), so a session ends with its token.
    `scope = ${JSON.stringify(`openid email profile api://${proxy.apiAudience}/${apiScope}`)}`,
    `cookie_refresh = ${JSON.stringify(proxy.cookieRefresh)}`,
    `cookie_expire = ${JSON.stringify(proxy.cookieExpire)}`,
  ];
  if (proxy.allowedGroups.length) lines.push(`allowed_groups = ${quoted(proxy.allowedGroups)}`);
  return lines.join("\n");
}
