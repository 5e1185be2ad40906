import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import type { GitHubSettings, TrustLevel } from "./config";

/** What GitHub's OIDC token says, for `azure/login` to exchange it without a secret. */
export const githubTokenIssuer = "https://token.actions.githubusercontent.com";
export const federationAudience = "api://AzureADTokenExchange";

export type { TrustLevel } from "./config";

export interface GitHubFederatedApplicationArgs {
  displayName: string;
  /** `<subject prefix>:environment:<name>`; matched byte for byte. */
  subject: string;
}

/**
 * An Entra application + service principal federated to exactly one GitHub OIDC subject (children `<name>-app`,
 * `<name>-sp`, `<name>-github` of `parent`).
 */
export function githubFederatedApplication(name: string, args: GitHubFederatedApplicationArgs, parent: pulumi.Resource) {
  const application = new azuread.Application(`${name}-app`, { displayName: args.displayName, signInAudience: "AzureADMyOrg" }, { parent });
  const principal = new azuread.ServicePrincipal(`${name}-sp`, { clientId: application.clientId }, { parent });
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
    { parent },
  );
  return { clientId: application.clientId, principalId: principal.objectId };
}

/** One identity per trust level that runs Pulumi from GitHub Actions. */
export class DeployIdentity extends pulumi.ComponentResource {
  public readonly clientId: pulumi.Output<string>;
  /** The service principal's object id: what role assignments name. */
  public readonly principalId: pulumi.Output<string>;
  public readonly subject: string;

  constructor(name: string, args: GitHubFederatedApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks-bootstrap:entra:DeployIdentity", name, {}, opts);
    const { clientId, principalId } = githubFederatedApplication(name, args, this);
    this.clientId = clientId;
    this.principalId = principalId;
    this.subject = args.subject;
    this.registerOutputs({ clientId: this.clientId, principalId: this.principalId });
  }
}

/**
 * The OIDC subject of each trust level: every level runs in a GitHub environment of its own, so neither a workflow on
 * `main` without the environment nor a pull request without its reviewers' approval presents it. GitHub puts the
 * environment in the subject whenever the job names one (github/docs, about-security-hardening-with-openid-connect).
 */
export function githubSubjects(github: Pick<GitHubSettings, "subjectPrefix" | "environments">): Record<TrustLevel, string> {
  const subject = (environment: string) => `${github.subjectPrefix}:environment:${environment}`;
  return {
    preview: subject(github.environments.preview),
    dev: subject(github.environments.dev),
    prod: subject(github.environments.prod),
  };
}
