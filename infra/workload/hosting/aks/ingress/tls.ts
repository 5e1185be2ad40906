import type { Settings } from "../../../../config";

/**
 * TLS for an Ingress of the application routing add-on: either the add-on syncs a Key Vault certificate into
 * `keyvault-<ingress name>` (annotation), or a secret you provide (cert-manager, manual) is used.
 */
export function ingressTls(settings: Pick<Settings, "hostname" | "tlsCertificateKeyVaultUri">, ingressName: string) {
  const fromKeyVault = settings.tlsCertificateKeyVaultUri;
  const annotations: Record<string, string> = fromKeyVault ? { "kubernetes.azure.com/tls-cert-keyvault-uri": fromKeyVault } : {};
  return {
    annotations,
    tls: [{ hosts: [settings.hostname], secretName: fromKeyVault ? `keyvault-${ingressName}` : `${ingressName}-tls` }],
  };
}

/** The ingress class of the AKS application routing add-on (managed NGINX). */
export const appRoutingIngressClass = "webapprouting.kubernetes.azure.com";
