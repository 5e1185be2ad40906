import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";

/** What GitHub's OIDC token says, for `azure/login` to exchange it without a secret. */
export const githubTokenIssuer = "https://token.actions.githubusercontent.com";
export const federationAudience = "api://AzureADTokenExchange";

export type TrustLevel = "preview" | "dev" | "prod";

export interface DeployIdentityArgs {
  displayName: string;
  /** `repo:<owner>/<repo>:pull_request`, `...:ref:refs/heads/main` or `...:environment:<name>`; matched byte for byte. */
  subject: string;
}

/** One Entra application + service principal per trust level, federated to exactly one GitHub OIDC subject. */
export class DeployIdentity extends pulumi.ComponentResource {
  public readonly clientId: pulumi.Output<string>;
  /** The service principal's object id: what role assignments name. */
  public readonly principalId: pulumi.Output<string>;
  public readonly subject: string;

  constructor(name: string, args: DeployIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks-bootstrap:entra:DeployIdentity", name, {}, opts);

    const application = new azuread.Application(
      `${name}-app`,
      { displayName: args.displayName, signInAudience: "AzureADMyOrg" },
      { parent: this },
    );
    const principal = new azuread.ServicePrincipal(`${name}-sp`, { clientId: application.clientId }, { parent: this });
    new azuread.ApplicationFederatedIdentityCredential(
      `${name}-github`,
      {
        applicationId: application.id,
        displayName: "github-actions",
        description: `GitHub Actions jobs whose OIDC subject is ${args.subject}`,
        issuer: githubTokenIssuer,
        subject: args.subject,
        audiences: [federationAudience],
      },
      { parent: this },
    );

    this.clientId = application.clientId;
    this.principalId = principal.objectId;
    this.subject = args.subject;
    this.registerOutputs({ clientId: this.clientId, principalId: this.principalId });
  }
}

/** The OIDC subject of each trust level (GitHub's documented subject formats). */
export function githubSubjects(repository: string, productionEnvironment: string): Record<TrustLevel, string> {
  return {
    preview: `repo:${repository}:pull_request`,
    dev: `repo:${repository}:ref:refs/heads/main`,
    prod: `repo:${repository}:environment:${productionEnvironment}`,
  };
}
