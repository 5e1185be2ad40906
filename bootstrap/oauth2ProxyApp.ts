import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { deterministicGuid } from "../infra/roles";
import type { BootstrapSettings } from "./config";

/** The app role a user (or a group they are in) must hold to sign in. */
export const signInRoleValue = "access";

export interface OAuth2ProxyAppArgs {
  settings: BootstrapSettings;
}

/**
 * The Entra application OAuth2 Proxy signs users in with: one redirect URI per stack hostname, sign-in only for users
 * and groups assigned its app role, and one client secret per stack (a Pulumi secret, never a plain output).
 */
export class OAuth2ProxyApp extends pulumi.ComponentResource {
  public readonly clientId: pulumi.Output<string>;
  /** Client secrets by stack name, each a Pulumi secret. */
  public readonly clientSecrets: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: OAuth2ProxyAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks-bootstrap:entra:OAuth2ProxyApp", name, {}, opts);
    const { settings } = args;
    const appRoleId = deterministicGuid(settings.mainProject.name, "oauth2-proxy", signInRoleValue);

    const application = new azuread.Application(
      `${name}-app`,
      {
        displayName: settings.oauth2Proxy.displayName,
        signInAudience: "AzureADMyOrg",
        web: { redirectUris: settings.stacks.flatMap((stack) => (stack.hostname ? [`https://${stack.hostname}/oauth2/callback`] : [])) },
        // Group ids in the token, for oauth2Proxy.allowedGroups in the main program.
        groupMembershipClaims: ["SecurityGroup"],
        appRoles: [
          {
            id: appRoleId,
            value: signInRoleValue,
            displayName: "Sign in",
            description: `May sign in to ${settings.mainProject.name} through OAuth2 Proxy`,
            allowedMemberTypes: ["User"],
            enabled: true,
          },
        ],
      },
      { parent: this },
    );
    const principal = new azuread.ServicePrincipal(
      `${name}-sp`,
      // Entra refuses a token to anyone not assigned the app role: the tenant's other users cannot sign in at all.
      { clientId: application.clientId, appRoleAssignmentRequired: true },
      { parent: this },
    );
    for (const group of settings.oauth2Proxy.assignedGroups) {
      new azuread.AppRoleAssignment(`${name}-group-${group}`, { appRoleId, principalObjectId: group, resourceObjectId: principal.objectId }, { parent: this });
    }

    this.clientSecrets = {};
    for (const stack of settings.stacks.filter((item) => item.hostname)) {
      // oauth2-proxy's entra-id provider can sign in with a federated token instead (--entra-id-federated-token-auth,
      // oauth2-proxy/oauth2-proxy providers/ms_entra_id.go), but the issuer is the cluster's, known only after the main program's up.
      const password = new azuread.ApplicationPassword(`${name}-secret-${stack.name}`, { applicationId: application.id, displayName: `oauth2-proxy ${stack.name}` }, { parent: this });
      this.clientSecrets[stack.name] = pulumi.secret(password.value);
    }

    this.clientId = application.clientId;
    this.registerOutputs({ clientId: this.clientId, clientSecrets: this.clientSecrets });
  }
}
