// Namespaces this stack or the AKS add-ons own: the public entry's components live there, and config refuses them for the app.

/** The namespace the application routing add-on runs its NGINX controller in. */
export const appRoutingNamespace = "app-routing-system";
/** The Gateway's own namespace: Istio provisions its Deployment and LoadBalancer Service there (learn.microsoft.com/azure/aks/app-routing-gateway-api). */
export const gatewayNamespace = "app-gateway";
/** OAuth2 Proxy's namespace. */
export const oauth2ProxyNamespace = "oauth2-proxy";
