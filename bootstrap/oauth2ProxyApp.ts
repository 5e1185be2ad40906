import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { deterministicGuid } from "../infra/lib/roles";
import type { BootstrapSettings } from "./config";

/** The app role a user, a group or a program's service principal must hold to get a token at all. */
export const signInRoleValue = "access";
/** The delegated scope programs acting for a person ask for (`api://<client id>/.default` covers it). */
export const apiScopeValue = "access_as_user";
/** The Azure CLI's public client id: pre-authorized, `az account get-access-token --scope api://<client id>/.default` needs no consent. */
export const azureCliClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

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
    const scopeId = deterministicGuid(settings.mainProject.name, "oauth2-proxy", apiScopeValue);

    const application = new azuread.Application(
      `${name}-app`,
      {
        displayName: settings.oauth2Proxy.displayName,
        signInAudience: "AzureADMyOrg",
        web: { redirectUris: settings.stacks.flatMap((stack) => (stack.hostname ? [`https://${stack.hostname}/oauth2/callback`] : [])) },
        // Group ids in the token, for oauth2Proxy.allowedGroups in the main program.
        groupMembershipClaims: ["SecurityGroup"],
        // Programs send access tokens for this app (the main program's oauth2Proxy.apiAudience defaults to its client id).
        // v2 tokens carry the issuer oauth2-proxy trusts, login.microsoftonline.com/<tenant>/v2.0; v1 tokens would not
        // (https://learn.microsoft.com/entra/identity-platform/access-tokens).
        api: {
          requestedAccessTokenVersion: 2,
          oauth2PermissionScopes: [
            {
              id: scopeId,
              value: apiScopeValue,
              type: "User",
              enabled: true,
              adminConsentDisplayName: `Call ${settings.mainProject.name}`,
              adminConsentDescription: `Call the ${settings.mainProject.name} API as the signed-in user`,
            },
          ],
        },
        appRoles: [
          {
            id: appRoleId,
            value: signInRoleValue,
            displayName: "Sign in",
            description: `May sign in to ${settings.mainProject.name} through OAuth2 Proxy`,
            // Applications too: with appRoleAssignmentRequired, a program's service principal gets a token only when assigned.
            allowedMemberTypes: ["User", "Application"],
            enabled: true,
          },
        ],
      },
      // The identifier URI is its own resource (ApplicationIdentifierUri below); the azuread docs ask the application to
      // ignore identifierUris then, or an update of the application would remove it.
      { parent: this, ignoreChanges: ["identifierUris"] },
    );
    const principal = new azuread.ServicePrincipal(
      `${name}-sp`,
      // Entra refuses a token to anyone not assigned the app role: the tenant's other users cannot sign in at all.
      { clientId: application.clientId, appRoleAssignmentRequired: true },
      { parent: this },
    );
    new azuread.ApplicationIdentifierUri(
      `${name}-identifier-uri`,
      { applicationId: application.id, identifierUri: pulumi.interpolate`api://${application.clientId}` },
      { parent: this },
    );
    new azuread.ApplicationPreAuthorized(
      `${name}-azure-cli`,
      { applicationId: application.id, authorizedClientId: azureCliClientId, permissionIds: [scopeId] },
      { parent: this },
    );
    for (const group of settings.oauth2Proxy.assignedGroups) {
      new azuread.AppRoleAssignment(
        `${name}-group-${group}`,
        { appRoleId, principalObjectId: group, resourceObjectId: principal.objectId },
        { parent: this },
      );
    }

    this.clientSecrets = {};
    for (const stack of settings.stacks.filter((item) => item.hostname)) {
      // oauth2-proxy's entra-id provider can sign in with a federated token instead (--entra-id-federated-token-auth,
      // oauth2-proxy/oauth2-proxy providers/ms_entra_id.go), but the issuer is the cluster's, known only after the main program's up.
      const password = new azuread.ApplicationPassword(
        `${name}-secret-${stack.name}`,
        { applicationId: application.id, displayName: `oauth2-proxy ${stack.name}` },
        { parent: this },
      );
      this.clientSecrets[stack.name] = pulumi.secret(password.value);
    }

    this.clientId = application.clientId;
    this.registerOutputs({ clientId: this.clientId, clientSecrets: this.clientSecrets });
  }
}
