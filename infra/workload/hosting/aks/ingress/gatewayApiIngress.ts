import { gatewayNamespace } from "../../../../config";
import { appRoutingGatewayClass } from "../../../../platform/aks/gatewayApi";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { denyMetadataEgress } from "../egressPolicy";
import { commonLabels } from "../labels";
import { apiUrl, type PublicIngress, type PublicIngressArgs } from "./publicIngress";

const gatewayApiVersion = "gateway.networking.k8s.io/v1";
const gatewayName = "durable-app";
export const gatewayTlsSecret = `${gatewayName}-tls`;

export interface GatewayApiIngressArgs extends PublicIngressArgs {
  /** The cluster serves the Gateway API CRDs and accepts the GatewayClass: the objects here are created after it. */
  gatewayApi?: pulumi.Resource;
}

/**
 * Gateway API (approuting-istio) in front of OAuth2 Proxy, which reverse-proxies to the app: authentication does not
 * depend on any implementation's annotations. Only the app's public paths and /oauth2/ are routed; /api/health,
 * /runtime/webhooks/durabletask and /admin match no route.
 */
export class GatewayApiIngress extends pulumi.ComponentResource implements PublicIngress {
  readonly sourceNamespaces: string[];
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: GatewayApiIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:hosting:GatewayApiIngress", name, {}, opts);
    const { settings, backend, provider, oauth2Proxy } = args;
    this.sourceNamespaces = [oauth2Proxy.namespace];
    const kube = { parent: this, provider };
    // Not `restricted`: the gateway pods are Istio's, provisioned with its own security context.
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: gatewayNamespace,
          labels: { ...commonLabels, "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" },
        },
      },
      kube,
    );
    // Istio's gateway pods hold no Azure identity, but the node's metadata endpoint would give them the node's.
    denyMetadataEgress(`${name}-deny-metadata-egress`, namespace.metadata.name, kube);
    const ready = { ...kube, dependsOn: [namespace, ...(args.gatewayApi ? [args.gatewayApi] : [])] };
    const sameNamespace = { namespaces: { from: "Same" } };
    const gateway = new k8s.apiextensions.CustomResource(
      `${name}-gateway`,
      {
        apiVersion: gatewayApiVersion,
        kind: "Gateway",
        metadata: { name: gatewayName, namespace: gatewayNamespace, labels: commonLabels },
        spec: {
          gatewayClassName: appRoutingGatewayClass,
          listeners: [
            {
              name: "https",
              hostname: settings.hostname,
              port: 443,
              protocol: "HTTPS",
              tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: gatewayTlsSecret }] },
              allowedRoutes: sameNamespace,
            },
            { name: "http", hostname: settings.hostname, port: 80, protocol: "HTTP", allowedRoutes: sameNamespace },
          ],
        },
      },
      ready,
    );
    const route = (part: string, sectionName: string, rules: unknown[]) =>
      new k8s.apiextensions.CustomResource(
        `${name}-${part}`,
        {
          apiVersion: gatewayApiVersion,
          kind: "HTTPRoute",
          metadata: { name: `${gatewayName}-${part}`, namespace: gatewayNamespace, labels: commonLabels },
          spec: { parentRefs: [{ name: gatewayName, sectionName }], hostnames: [settings.hostname], rules },
        },
        { ...ready, dependsOn: [...ready.dependsOn, gateway] },
      );
    route("https-redirect", "http", [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }]);
    const toProxy = [{ name: oauth2Proxy.serviceName, namespace: oauth2Proxy.namespace, port: oauth2Proxy.servicePort }];
    const prefixes = (paths: string[]) => paths.map((value) => ({ path: { type: "PathPrefix", value } }));
    route("app", "https", [
      { matches: prefixes(backend.publicPaths), backendRefs: toProxy },
      { matches: prefixes(["/oauth2/"]), backendRefs: toProxy },
    ]);
    // A route may send traffic to a Service in another namespace only if that namespace grants it (Gateway API ReferenceGrant).
    new k8s.apiextensions.CustomResource(
      `${name}-reference-grant`,
      {
        apiVersion: "gateway.networking.k8s.io/v1beta1",
        kind: "ReferenceGrant",
        metadata: { name: `${gatewayNamespace}-routes`, namespace: oauth2Proxy.namespace, labels: commonLabels },
        spec: {
          from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: gatewayNamespace }],
          to: [{ group: "", kind: "Service", name: oauth2Proxy.serviceName }],
        },
      },
      { ...ready, dependsOn: [...ready.dependsOn, oauth2Proxy.release] },
    );
    this.url = pulumi.output(apiUrl(settings));
    this.registerOutputs({ url: this.url });
  }
}
