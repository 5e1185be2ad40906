import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../../config";

/** Where the ingress sends authenticated traffic. */
export interface AppBackend {
  namespace: pulumi.Input<string>;
  serviceName: pulumi.Input<string>;
  servicePort: number;
  /** Path prefixes the public may reach; anything else (e.g. /api/health) stays inside the cluster. */
  publicPaths: string[];
}

export interface PublicIngressArgs {
  settings: Settings;
  backend: AppBackend;
  provider: k8s.Provider;
  /** What the ingress's own workloads (pods, Helm releases) wait for: the user node pool. */
  workloadsDependOn: pulumi.Resource[];
}

/**
 * What the rest of the AKS hosting needs from an ingress implementation. The NGINX + OAuth2 Proxy variant
 * implements it today; a Gateway API variant can implement the same and be chosen without touching the rest.
 */
export interface PublicIngress {
  /** Namespaces whose pods forward client traffic to the app: the app's NetworkPolicy admits only these. */
  readonly sourceNamespaces: string[];
  /** The public URL of the app's API. */
  readonly url: pulumi.Output<string>;
}
