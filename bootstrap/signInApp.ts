import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { deterministicGuid } from "../infra/lib/roles";
import type { Deployer, SignInAppSettings, StackAccess } from "./config";

/** The app role a user, a group or a program's service principal must hold to get a token at all. */
export const accessRoleValue = "access";
/** The app role a person must hold to decide approvals (the app checks it in the token's `roles`); never a program's. */
export const approverRoleValue = "approver";
/** The delegated scope programs acting for a person ask for (`api://<client id>/.default` covers it). */
export const apiScopeValue = "access_as_user";
/** The Azure CLI's public client id: pre-authorized, `az account get-access-token --scope api://<client id>/.default` needs no consent. */
export const azureCliClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/** The redirect URIs of a hostname: OAuth2 Proxy's (AKS) and App Service authentication's. */
export const redirectUris = (hostname: string) => [`https://${hostname}/oauth2/callback`, `https://${hostname}/.auth/login/aad/callback`];

/** The component the dev application lived in while one application served every stack: aliased, so it stays in place. */
export const formerSharedApp = { name: "oauth2-proxy", type: "durable-aks-bootstrap:entra:OAuth2ProxyApp" } as const;

export interface SignInAppArgs {
  mainProject: string;
  level: Deployer;
  app: SignInAppSettings;
  /** The stacks of this trust level: their hostnames are the redirect URIs, each gets a client secret. */
  stacks: StackAccess[];
}

/**
 * The Entra application people and programs of one trust level sign in to: the API audience, sign-in only for those
 * assigned its `access` role, approvals only for those assigned `approver`. One per trust level, so dev's client secret
 * (kept in dev's state) can never sign anyone in to prod.
 */
export class SignInApp extends pulumi.ComponentResource {
  public readonly clientId: pulumi.Output<string>;
  /** The service principal's object id: the resource of every app role assignment. */
  public readonly principalId: pulumi.Output<string>;
  public readonly accessRoleId: string;
  public readonly approverRoleId: string;
  /** Client secrets by stack name, each a Pulumi secret (OAuth2 Proxy's entra-id provider needs one). */
  public readonly clientSecrets: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: SignInAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks-bootstrap:entra:SignInApp", name, {}, opts);
    const { mainProject, app } = args;
    // The ids of the one shared application of earlier versions: kept, so its existing assignments stay valid.
    this.accessRoleId = deterministicGuid(mainProject, "oauth2-proxy", accessRoleValue);
    this.approverRoleId = deterministicGuid(mainProject, "sign-in", approverRoleValue);
    const scopeId = deterministicGuid(mainProject, "oauth2-proxy", apiScopeValue);

    const application = new azuread.Application(
      `${name}-app`,
      {
        displayName: app.displayName,
        signInAudience: "AzureADMyOrg",
        web: { redirectUris: args.stacks.flatMap((stack) => (stack.hostname ? redirectUris(stack.hostname) : [])) },
        // Group ids in the token, for oauth2Proxy.allowedGroups in the main program.
        groupMembershipClaims: ["SecurityGroup"],
        // Programs send access tokens for this app; v2 tokens carry the issuer login.microsoftonline.com/<tenant>/v2.0
        // that OAuth2 Proxy and the app trust (https://learn.microsoft.com/entra/identity-platform/access-tokens).
        api: {
          requestedAccessTokenVersion: 2,
          oauth2PermissionScopes: [
            {
              id: scopeId,
              value: apiScopeValue,
              type: "User",
              enabled: true,
              adminConsentDisplayName: `Call ${mainProject} (${args.level})`,
              adminConsentDescription: `Call the ${mainProject} API (${args.level}) as the signed-in user`,
            },
          ],
        },
        appRoles: [
          {
            id: this.accessRoleId,
            value: accessRoleValue,
            displayName: "Sign in",
            description: `May sign in to ${mainProject} (${args.level}) and call its API`,
            // Applications too: with appRoleAssignmentRequired, a program's service principal gets a token only when assigned.
            allowedMemberTypes: ["User", "Application"],
            enabled: true,
          },
          {
            id: this.approverRoleId,
            value: approverRoleValue,
            displayName: "Decide approvals",
            description: `May approve or reject the approvals of ${mainProject} (${args.level})`,
            // People only (users and groups): no program, the smoke identity included, can ever decide an approval.
            allowedMemberTypes: ["User"],
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
      // Entra refuses a token to anyone not assigned an app role: the tenant's other users cannot sign in at all.
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
    const assign = (part: string, appRoleId: string, group: string) =>
      new azuread.AppRoleAssignment(
        `${name}-${part}-${group}`,
        { appRoleId, principalObjectId: group, resourceObjectId: principal.objectId },
        { parent: this },
      );
    for (const group of app.accessGroups) assign("group", this.accessRoleId, group);
    for (const group of app.approverGroups) assign("approver", this.approverRoleId, group);

    this.clientSecrets = {};
    for (const stack of args.stacks.filter((item) => item.hostname)) {
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
    this.principalId = principal.objectId;
    this.registerOutputs({ clientId: this.clientId, principalId: this.principalId, clientSecrets: this.clientSecrets });
  }
}
