import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createOAuth2Proxy, oauth2ProxyNamespace } from "./oauth2Proxy";
import type { PublicIngress, PublicIngressArgs } from "./publicIngress";
import { appRoutingIngressClass, appRoutingNamespace, ingressTls } from "./tls";

/** Every request to the app is first checked by OAuth2 Proxy (NGINX auth_request); unauthenticated users sign in. */
export function oauth2AuthAnnotations(hostname: string) {
  return {
    "nginx.ingress.kubernetes.io/auth-url": `https://${hostname}/oauth2/auth`,
    "nginx.ingress.kubernetes.io/auth-signin": `https://${hostname}/oauth2/start?rd=$escaped_request_uri`,
    "nginx.ingress.kubernetes.io/auth-response-headers": "X-Auth-Request-User,X-Auth-Request-Email,Authorization",
    // Entra ID tokens and session cookies exceed NGINX's default 4k buffer.
    "nginx.ingress.kubernetes.io/proxy-buffer-size": "16k",
  };
}

/** The application routing add-on's managed NGINX, with OAuth2 Proxy (Entra ID) in front of the app. */
export class NginxOAuth2Ingress extends pulumi.ComponentResource implements PublicIngress {
  readonly sourceNamespaces = [appRoutingNamespace];
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: PublicIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:hosting:NginxOAuth2Ingress", name, {}, opts);
    const { settings, backend, provider } = args;
    if (!settings.oauth2Proxy) throw new Error("oauth2Proxy settings are required for the NGINX ingress (validated in config)");
    const proxy = createOAuth2Proxy(`${name}-oauth2`, settings, settings.oauth2Proxy, this, provider, args.workloadsDependOn);
    const ingressName = "durable-app";
    const tls = ingressTls(settings, ingressName);
    new k8s.networking.v1.Ingress(
      `${name}-app`,
      {
        metadata: { name: ingressName, namespace: backend.namespace, annotations: { ...oauth2AuthAnnotations(settings.hostname), ...tls.annotations } },
        spec: {
          ingressClassName: appRoutingIngressClass,
          tls: tls.tls,
          rules: [
            {
              host: settings.hostname,
              http: {
                paths: backend.publicPaths.map((path) => ({
                  path,
                  pathType: "Prefix",
                  backend: { service: { name: backend.serviceName, port: { number: backend.servicePort } } },
                })),
              },
            },
          ],
        },
      },
      { parent: this, provider, dependsOn: [proxy.ingress] },
    );
    this.url = pulumi.output(`https://${settings.hostname}/api`);
    this.registerOutputs({ url: this.url, oauth2ProxyNamespace });
  }
}
