import type { deployers } from "./schema";

export type Deployer = (typeof deployers)[number];

/** One stack of the main program: where it lives and who deploys it. */
export interface StackAccess {
  name: string;
  deployer: Deployer;
  hostname?: string;
  resourceGroup: string;
  location: string;
  promotesFrom?: string;
  /** Builds and pushes its own image (it promotes from no other stack). */
  builds: boolean;
  /** The secrets-provider key in the secrets vault: `<main project>-<stack>`, the name the workflows use. */
  keyName: string;
}

export interface BootstrapSettings {
  project: string;
  stack: string;
  location: string;
  tags: Record<string, string>;
  mainProject: { name: string };
  github: { repository: string; productionEnvironment: string };
  /** Set: the suffix of the state account and secrets vault names; unset: derived from the subscription at deploy time. */
  nameSuffix?: string;
  /** Globally unique names are overrides only: their defaults carry the suffix (program.ts). */
  names: { stateResourceGroup: string; stateStorageAccount?: string; stateContainer: string; secretsVault?: string };
  state: { storageSku: string; softDeleteDays: number };
  stacks: StackAccess[];
  oauth2Proxy: { displayName: string; assignedGroups: string[] };
  operatorGroups: string[];
}
