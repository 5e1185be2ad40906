import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { oauth2ProxyNamespace, type OAuth2ProxySettings, type Settings } from "../../../../config";
import { dataChecksum } from "../checksum";
import { createRestrictedNamespace } from "../namespace";
import { createIngressOnlyPolicy } from "../networkPolicy";
import { entraIssuer } from "../../../../../app/src/contract";
import { oauth2ProxyConfigFile } from "./oauth2ProxyConfig";
import { cookieSecretKey, cookieSecretName, createCookieSecretJob } from "./oauth2ProxyCookieSecret";

export const oauth2ProxyName = "oauth2-proxy";
const chartRepository = "https://oauth2-proxy.github.io/manifests";
// The chart's Service listens on 80 and targets the container's 4180 (oauth2-proxy/manifests helm/oauth2-proxy/values.yaml, templates/deployment.yaml).
export const oauth2ProxyServicePort = 80;
const oauth2ProxyContainerPort = 4180;
// The chart's pod selector (oauth2-proxy/manifests helm/oauth2-proxy/templates/_helpers.tpl selectorLabels).
const oauth2ProxyPodLabels = { "app.kubernetes.io/name": oauth2ProxyName, "app.kubernetes.io/instance": oauth2ProxyName };

/** Where the ingress variants reach OAuth2 Proxy. */
export interface OAuth2ProxyEndpoint {
  namespace: string;
  serviceName: string;
  servicePort: number;
  /** In-cluster URL of the proxy, e.g. for NGINX's auth-url. */
  url: string;
  release: pulumi.Resource;
}

export interface OAuth2ProxyArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "environment" | "hostname">;
  proxy: OAuth2ProxySettings;
  upstream: pulumi.Input<string>;
  publicPaths: string[];
  /** Namespaces whose pods forward client traffic to the proxy: its NetworkPolicy admits only these. */
  sourceNamespaces: string[];
  provider: k8s.Provider;
  /** The resources used to live under the NGINX ingress component: keep their URNs. */
  formerParentUrn?: pulumi.Input<pulumi.URN>;
  /** What the proxy's pods wait for: the user node pool (the system pool is tainted). */
  workloadsDependOn: pulumi.Resource[];
  /** The app's image (pinned by digest, with Node.js): it runs the Job that creates the cookie secret in the cluster. */
  jobImage: pulumi.Input<string>;
}

function chartValues(args: OAuth2ProxyArgs, credentialsSecret: pulumi.Input<string>, credentialsChecksum: pulumi.Input<string>) {
  const { settings, proxy } = args;
  const restricted = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
  return {
    fullnameOverride: oauth2ProxyName,
    replicaCount: settings.environment === "prod" ? 2 : 1,
    image: { tag: proxy.imageTag },
    config: {
      existingSecret: credentialsSecret,
      // The cookie secret is not among them: the chart would read it from the credentials Secret (templates/deployment.yaml).
      requiredSecretKeys: ["client-id", "client-secret"],
      configFile: pulumi.output(args.upstream).apply((upstream) => oauth2ProxyConfigFile({ ...args, upstream })),
    },
    // Created in the cluster, never in Pulumi's state (oauth2ProxyCookieSecret.ts).
    extraEnv: [{ name: "OAUTH2_PROXY_COOKIE_SECRET", valueFrom: { secretKeyRef: { name: cookieSecretName, key: cookieSecretKey } } }],
    extraArgs: {
      provider: "entra-id",
      "oidc-issuer-url": entraIssuer(proxy.tenantId),
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

/** OAuth2 Proxy with Microsoft Entra ID, from its official chart, in its own namespace; both ingress variants use this one. */
export function createOAuth2Proxy(name: string, args: OAuth2ProxyArgs, parent: pulumi.Resource): OAuth2ProxyEndpoint {
  const aliases: pulumi.Alias[] = args.formerParentUrn ? [{ parent: args.formerParentUrn }] : [];
  const opts = { parent, provider: args.provider, aliases };
  const namespace = createRestrictedNamespace(`${name}-namespace`, oauth2ProxyNamespace, opts);
  const credentialData = { "client-id": args.proxy.clientId, "client-secret": args.proxy.clientSecret };
  const credentials = new k8s.core.v1.Secret(
    `${name}-credentials`,
    {
      metadata: { name: `${oauth2ProxyName}-credentials`, namespace: namespace.metadata.name },
      type: "Opaque",
      stringData: pulumi.secret(credentialData),
    },
    opts,
  );
  const cookieSecretJob = createCookieSecretJob(
    `${name}-cookie-secret`,
    { namespace: namespace.metadata.name, image: args.jobImage, workloadsDependOn: args.workloadsDependOn },
    opts,
  );
  const release = new k8s.helm.v3.Release(
    `${name}-release`,
    {
      name: oauth2ProxyName,
      chart: "oauth2-proxy",
      version: args.proxy.chartVersion,
      repositoryOpts: { repo: chartRepository },
      namespace: namespace.metadata.name,
      values: chartValues(args, credentials.metadata.name, dataChecksum(credentialData)),
      atomic: true,
      // Helm's default of 300 s is short for a first install that waits for a new node and an image pull.
      timeout: 600,
    },
    { ...opts, dependsOn: [...args.workloadsDependOn, cookieSecretJob] },
  );
  createIngressOnlyPolicy(
    `${name}-network-policy`,
    {
      namespace: namespace.metadata.name,
      name: `${oauth2ProxyName}-ingress-only`,
      podLabels: oauth2ProxyPodLabels,
      port: oauth2ProxyContainerPort,
      allowedNamespaces: args.sourceNamespaces,
    },
    opts,
  );
  return {
    namespace: oauth2ProxyNamespace,
    serviceName: oauth2ProxyName,
    servicePort: oauth2ProxyServicePort,
    url: `http://${oauth2ProxyName}.${oauth2ProxyNamespace}.svc.cluster.local`,
    release,
  };
}
