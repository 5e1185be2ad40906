import type { deployers } from "./schema";

export type Deployer = (typeof deployers)[number];

/** Who signs in from GitHub: pull-request previews, and the two deploying trust levels. */
export type TrustLevel = "preview" | Deployer;

/** One stack of the main program: where it lives and who deploys it. */
export interface StackAccess {
  name: string;
  deployer: Deployer;
  /** A production stack: deployed only by `prod`, in a resource group of its own. */
  production: boolean;
  hostname?: string;
  resourceGroup: string;
  location: string;
  promotesFrom?: string;
  /** Builds and pushes its own image (it promotes from no other stack). */
  builds: boolean;
  /** The secrets-provider key in the secrets vault: `<main project>-<stack>`, the name the workflows use. */
  keyName: string;
}

/** The Entra application of one trust level that people and programs sign in to. */
export interface SignInAppSettings {
  displayName: string;
  accessGroups: string[];
  approverGroups: string[];
}

export interface GitHubSettings {
  repository: string;
  /** `repo:<owner>/<repository>` or the immutable-id form: every federated subject starts with it. */
  subjectPrefix: string;
  /** The GitHub environment each trust level's jobs run in (its OIDC subject names it). */
  environments: Record<TrustLevel, string>;
  /** GitHub user logins or `<org>/<team slug>` who approve previews and production deployments. */
  reviewers: string[];
}

export interface BootstrapSettings {
  project: string;
  stack: string;
  location: string;
  tags: Record<string, string>;
  mainProject: { name: string };
  github: GitHubSettings;
  /** Set: the suffix of the state account and secrets vault names; unset: derived from the subscription at deploy time. */
  nameSuffix?: string;
  /** Globally unique names are overrides only: their defaults carry the suffix (program.ts). */
  names: { stateResourceGroup: string; stateStorageAccount?: string; stateContainer: string; secretsVault?: string };
  state: { storageSku: string; softDeleteDays: number };
  stacks: StackAccess[];
  signIn: Record<Deployer, SignInAppSettings>;
  operatorGroups: string[];
}
