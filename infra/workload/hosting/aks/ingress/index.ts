import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appRoutingNamespace, gatewayNamespace, oauth2ProxyNamespace, type Settings } from "../../../../config";
import { allowEgressToPods } from "../egressPolicy";
import { usesGatewayApi, usesNginx } from "../../../../platform/aks/gatewayApi";
import { GatewayApiIngress } from "./gatewayApiIngress";
import { NginxOAuth2Ingress } from "./nginxOAuth2Ingress";
import { createOAuth2Proxy } from "./oauth2Proxy";
import type { AppBackend, PublicIngress } from "./publicIngress";

export interface PublicIngressChoice {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "environment" | "hostname" | "ingress" | "oauth2Proxy" | "tlsCertificateKeyVaultUri">;
  provider: k8s.Provider;
  backend: AppBackend;
  gatewayApi?: pulumi.Resource;
  /** What the ingress's own workloads (OAuth2 Proxy) wait for: the user node pool. */
  workloadsDependOn: pulumi.Resource[];
  /** The app's image: OAuth2 Proxy's cookie-secret Job runs Node.js from it. */
  imageRef: pulumi.Input<string>;
  parent: pulumi.Resource;
}

const nginxComponentType = "durable-aks:hosting:NginxOAuth2Ingress";

/**
 * The public entry ingress.kind chooses, behind one OAuth2 Proxy. With ingress.keepNginx (migration) NGINX keeps
 * serving beside the Gateway until DNS points at the Gateway.
 */
export function createPublicIngress(name: string, choice: PublicIngressChoice): PublicIngress {
  const { settings, provider, backend, parent } = choice;
  if (!settings.oauth2Proxy) throw new Error("oauth2Proxy settings are required on AKS (validated in config)");
  const gatewayApi = usesGatewayApi(settings);
  const nginx = usesNginx(settings);
  // The gateway sends every request to the proxy, which forwards authenticated ones to the app; NGINX only asks it.
  const upstream = gatewayApi
    ? pulumi.interpolate`http://${backend.serviceName}.${backend.namespace}.svc.cluster.local:${backend.servicePort}/`
    : pulumi.output("static://202");
  const variants: PublicIngress[] = [];
  // Who forwards client traffic to the proxy: the gateway's pods, and NGINX asking /oauth2/auth and serving /oauth2.
  const proxySources = [...(gatewayApi ? [gatewayNamespace] : []), ...(nginx ? [appRoutingNamespace] : [])];
  const oauth2Proxy = createOAuth2Proxy(
    `${name}-oauth2`,
    {
      settings,
      proxy: settings.oauth2Proxy,
      upstream,
      publicPaths: backend.publicPaths,
      sourceNamespaces: proxySources,
      provider,
      // Until the Gateway API variant, these lived under the NGINX component: the alias keeps running stacks in place.
      formerParentUrn: pulumi.createUrn(name, nginxComponentType, parent),
      workloadsDependOn: choice.workloadsDependOn,
      jobImage: choice.imageRef,
    },
    parent,
  );
  if (gatewayApi) {
    // As a reverse proxy it forwards authenticated requests to the app's pods; the release brings its namespace.
    allowEgressToPods(
      `${name}-oauth2-app-egress`,
      {
        namespace: oauth2ProxyNamespace,
        policyName: "allow-app-egress",
        to: { namespace: backend.namespace, podLabels: backend.podLabels, port: backend.podPort },
      },
      { parent, provider, dependsOn: [oauth2Proxy.release] },
    );
  }
  const args = { settings, backend, provider, oauth2Proxy };
  if (gatewayApi) variants.push(new GatewayApiIngress(`${name}-gateway`, { ...args, gatewayApi: choice.gatewayApi }, { parent }));
  if (nginx) variants.push(new NginxOAuth2Ingress(name, args, { parent }));
  return {
    sourceNamespaces: [...new Set(variants.flatMap((variant) => variant.sourceNamespaces))],
    url: variants[0]!.url,
  };
}
