import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { OAuth2ProxySettings, Settings } from "../../../config";
import { dataChecksum } from "../checksum";
import { createRestrictedNamespace } from "../namespace";
import { appRoutingIngressClass, ingressTls } from "./tls";

export const oauth2ProxyNamespace = "oauth2-proxy";
export const oauth2ProxyName = "oauth2-proxy";
const chartRepository = "https://oauth2-proxy.github.io/manifests";

/** oauth2-proxy reads the cookie secret as URL-safe base64 first: 32 alphanumeric characters decode to 24 bytes (AES-192). */
function cookieSecret(name: string, parent: pulumi.Resource) {
  return new random.RandomPassword(`${name}-cookie-secret`, { length: 32, special: false }, { parent }).result;
}

const quoted = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;

function proxyConfigFile(settings: Settings, proxy: OAuth2ProxySettings) {
  const lines = [`email_domains = ${quoted(proxy.allowedEmailDomains)}`, `upstreams = ["static://202"]`];
  if (proxy.allowedGroups.length) lines.push(`allowed_groups = ${quoted(proxy.allowedGroups)}`);
  lines.push(`whitelist_domains = ${quoted([settings.hostname])}`);
  return lines.join("\n");
}

function chartValues(settings: Settings, proxy: OAuth2ProxySettings, credentialsSecret: pulumi.Input<string>, credentialsChecksum: pulumi.Input<string>) {
  const restricted = { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };
  return {
    fullnameOverride: oauth2ProxyName,
    replicaCount: settings.environment === "prod" ? 2 : 1,
    image: { tag: proxy.imageTag },
    config: { existingSecret: credentialsSecret, configFile: proxyConfigFile(settings, proxy) },
    extraArgs: {
      provider: "entra-id",
      "oidc-issuer-url": `https://login.microsoftonline.com/${proxy.tenantId}/v2.0`,
      "redirect-url": `https://${settings.hostname}/oauth2/callback`,
      "reverse-proxy": true,
      "set-xauthrequest": true,
      "cookie-secure": true,
      "cookie-samesite": "lax",
      "skip-provider-button": true,
    },
    ingress: { enabled: false },
    // The chart's checksum/secret hashes its own secret values, not existingSecret's data (oauth2-proxy/manifests helm/oauth2-proxy/templates/deployment.yaml).
    podAnnotations: { "checksum/credentials": credentialsChecksum },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: { enabled: true, ...restricted },
    podDisruptionBudget: { enabled: settings.environment === "prod", minAvailable: 1 },
  };
}

/** OAuth2 Proxy with Microsoft Entra ID, from its official chart, reachable under https://<host>/oauth2/. */
export function createOAuth2Proxy(name: string, settings: Settings, proxy: OAuth2ProxySettings, parent: pulumi.Resource, provider: k8s.Provider, dependsOn: pulumi.Resource[]) {
  const opts = { parent, provider };
  const namespace = createRestrictedNamespace(`${name}-namespace`, oauth2ProxyNamespace, opts);
  const credentialData = { "client-id": proxy.clientId, "client-secret": proxy.clientSecret, "cookie-secret": cookieSecret(name, parent) };
  const credentials = new k8s.core.v1.Secret(
    `${name}-credentials`,
    {
      metadata: { name: `${oauth2ProxyName}-credentials`, namespace: namespace.metadata.name },
      type: "Opaque",
      stringData: pulumi.secret(credentialData),
    },
    opts,
  );
  const release = new k8s.helm.v3.Release(
    `${name}-release`,
    {
      name: oauth2ProxyName,
      chart: "oauth2-proxy",
      version: proxy.chartVersion,
      repositoryOpts: { repo: chartRepository },
      namespace: namespace.metadata.name,
      values: chartValues(settings, proxy, credentials.metadata.name, dataChecksum(credentialData)),
      atomic: true,
      // Helm's default of 300 s is short for a first install that waits for a new node and an image pull.
      timeout: 600,
    },
    { ...opts, dependsOn },
  );
  const ingressName = oauth2ProxyName;
  const tls = ingressTls(settings, ingressName);
  const ingress = new k8s.networking.v1.Ingress(
    `${name}-ingress`,
    {
      metadata: { name: ingressName, namespace: namespace.metadata.name, annotations: tls.annotations },
      spec: {
        ingressClassName: appRoutingIngressClass,
        tls: tls.tls,
        rules: [
          {
            host: settings.hostname,
            http: { paths: [{ path: "/oauth2", pathType: "Prefix", backend: { service: { name: oauth2ProxyName, port: { name: "http" } } } }] },
          },
        ],
      },
    },
    { ...opts, dependsOn: [release] },
  );
  return { namespace, credentials, release, ingress };
}
