import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { githubFederatedApplication } from "./deployIdentity";
import type { SignInApp } from "./signInApp";

export interface SmokeIdentityArgs {
  displayName: string;
  /** The OIDC subject of the stack's GitHub environment: the job that deployed the stack signs in as this too. */
  subject: string;
  /** The stack's sign-in application: this identity holds its `access` role, nothing else. */
  signInApp: SignInApp;
}

/**
 * The identity the post-deploy smoke test calls the public entry with: a token for the stack's API audience and the
 * `access` app role only. It has no Azure role and never the `approver` role, and it is not the deploying identity, so a
 * smoke test can neither change the stack nor decide an approval.
 */
export class SmokeIdentity extends pulumi.ComponentResource {
  public readonly clientId: pulumi.Output<string>;
  public readonly principalId: pulumi.Output<string>;

  constructor(name: string, args: SmokeIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks-bootstrap:entra:SmokeIdentity", name, {}, opts);
    const { clientId, principalId } = githubFederatedApplication(name, args, this);
    new azuread.AppRoleAssignment(
      `${name}-access`,
      { appRoleId: args.signInApp.accessRoleId, principalObjectId: principalId, resourceObjectId: args.signInApp.principalId },
      { parent: this },
    );
    this.clientId = clientId;
    this.principalId = principalId;
    this.registerOutputs({ clientId, principalId });
  }
}
