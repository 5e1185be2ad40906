import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appRoutingNamespace, type Settings } from "../../../../config";
import type { OAuth2ProxyEndpoint } from "./oauth2Proxy";
import { apiUrl, type PublicIngress, type PublicIngressArgs } from "./publicIngress";
import { appRoutingIngressClass, ingressTls } from "./tls";

// Entra session cookies overflow NGINX's default 4k buffer: the sign-in callback then fails with 502 (oauth2-proxy/oauth2-proxy docs/docs/configuration/providers/ms_azure_ad.md).
export const bufferAnnotations = { "nginx.ingress.kubernetes.io/proxy-buffer-size": "16k" };

/**
 * Every request to the app is first checked by OAuth2 Proxy (NGINX auth_request). No auth-signin: every path here is an
 * API route, so without a session NGINX passes on the check's 401 instead of redirecting to a sign-in page (auth_request
 * returns 401/403 unless auth-signin names a page: kubernetes/ingress-nginx docs/user-guide/nginx-configuration/
 * annotations.md, External Authentication), as the Gateway variant's api_routes do. People sign in at /oauth2/start.
 */
export function oauth2AuthAnnotations(proxy: Pick<OAuth2ProxyEndpoint, "url">) {
  return {
    // In-cluster: the check must not hairpin through the public load balancer.
    "nginx.ingress.kubernetes.io/auth-url": `${proxy.url}/oauth2/auth`,
    // No Authorization here: NGINX would replace the client's own bearer token with the proxy's (empty) one. The access
    // token is the signed-in person's (pass_access_token), which the app validates for approvals.
    "nginx.ingress.kubernetes.io/auth-response-headers": "X-Auth-Request-User,X-Auth-Request-Email,X-Auth-Request-Access-Token",
    ...bufferAnnotations,
  };
}

function hostRule(settings: Pick<Settings, "hostname">, paths: string[], service: { name: pulumi.Input<string>; port: number }) {
  return {
    host: settings.hostname,
    http: {
      paths: paths.map((path) => ({
        path,
        pathType: "Prefix",
        backend: { service: { name: service.name, port: { number: service.port } } },
      })),
    },
  };
}

/** The application routing add-on's managed NGINX, with OAuth2 Proxy (Entra ID) checking every request to the app. */
export class NginxOAuth2Ingress extends pulumi.ComponentResource implements PublicIngress {
  readonly sourceNamespaces = [appRoutingNamespace];
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: PublicIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:hosting:NginxOAuth2Ingress", name, {}, opts);
    const { settings, backend, provider, oauth2Proxy } = args;
    const kube = { parent: this, provider, dependsOn: [oauth2Proxy.release] };
    const proxyTls = ingressTls(settings, oauth2Proxy.serviceName);
    new k8s.networking.v1.Ingress(
      `${name}-oauth2-ingress`,
      {
        metadata: {
          name: oauth2Proxy.serviceName,
          namespace: oauth2Proxy.namespace,
          annotations: { ...proxyTls.annotations, ...bufferAnnotations },
        },
        spec: {
          ingressClassName: appRoutingIngressClass,
          tls: proxyTls.tls,
          rules: [hostRule(settings, ["/oauth2"], { name: oauth2Proxy.serviceName, port: oauth2Proxy.servicePort })],
        },
      },
      kube,
    );
    const ingressName = "durable-app";
    const tls = ingressTls(settings, ingressName);
    new k8s.networking.v1.Ingress(
      `${name}-app`,
      {
        metadata: {
          name: ingressName,
          namespace: backend.namespace,
          annotations: { ...oauth2AuthAnnotations(oauth2Proxy), ...tls.annotations },
        },
        spec: {
          ingressClassName: appRoutingIngressClass,
          tls: tls.tls,
          rules: [hostRule(settings, backend.publicPaths, { name: backend.serviceName, port: backend.servicePort })],
        },
      },
      kube,
    );
    this.url = pulumi.output(apiUrl(settings));
    this.registerOutputs({ url: this.url });
  }
}
