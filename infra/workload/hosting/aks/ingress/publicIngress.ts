import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../../../config";
import type { OAuth2ProxyEndpoint } from "./oauth2Proxy";

/** Where the ingress sends authenticated traffic. */
export interface AppBackend {
  namespace: pulumi.Input<string>;
  serviceName: pulumi.Input<string>;
  servicePort: number;
  /** The app's pods behind the Service, and their container port: OAuth2 Proxy's egress policy names them. */
  podLabels: Record<string, string>;
  podPort: number;
  /** Path prefixes the public may reach; anything else (e.g. /api/health) stays inside the cluster. */
  publicPaths: string[];
}

export interface PublicIngressArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "environment" | "hostname" | "tlsCertificateKeyVaultUri">;
  backend: AppBackend;
  /** The one OAuth2 Proxy both variants authenticate through. */
  oauth2Proxy: OAuth2ProxyEndpoint;
  provider: k8s.Provider;
}

/**
 * What the rest of the AKS hosting needs from an ingress implementation: Gateway API (GatewayApiIngress, the default)
 * or the managed NGINX (NginxOAuth2Ingress). Both authenticate through the same OAuth2 Proxy.
 */
export interface PublicIngress {
  /** Namespaces whose pods forward client traffic to the app: the app's NetworkPolicy admits only these. */
  readonly sourceNamespaces: string[];
  /** The public URL of the app's API. */
  readonly url: pulumi.Output<string>;
}

/** The app's public API URL, the same for every variant. */
export const apiUrl = (settings: Pick<Settings, "hostname">) => `https://${settings.hostname}/api`;
