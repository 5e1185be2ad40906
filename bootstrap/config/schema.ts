import { z } from "zod";
import * as rule from "../../infra/config/rules";

// The bootstrap stack's config as a user writes it (namespace `durable-aks-bootstrap:`); defaults in ./resolve.ts.

/** A Pulumi stack name of the main program (it also names the stack's secrets-provider key). */
export const stackName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,29}$/, "must be a stack name of 1-30 lowercase letters, digits or dashes, starting with a letter or digit");

/** The trust levels that deploy: `dev` signs in from the `dev` environment (main only), `prod` from the protected production environment. */
export const deployers = ["dev", "prod"] as const;

const environmentName = z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, "must be a GitHub environment name");

const region = z.string().regex(/^[a-z0-9]+$/, "must be an Azure region name such as westeurope");

const stackSchema = z.strictObject({
  deployer: z.enum(deployers, "must be dev (deployed from main) or prod (deployed from the protected production environment)"),
  /** Production stacks refuse a weaker deployer and a shared resource group; default: the stack named `prod`. */
  production: z.boolean("must be true or false").optional(),
  /** The public hostname: the sign-in redirect URIs https://<hostname>/oauth2/callback and /.auth/login/aad/callback. */
  hostname: rule.dnsName.optional(),
  resourceGroup: rule.resourceGroupName.optional(),
  location: region.optional(),
  /** The stack whose registry this one imports its image from (prod promotes dev's digest). */
  promotesFrom: stackName.optional(),
});

/** The Entra application people and programs sign in to, one per trust level. */
const signInAppSchema = z.strictObject({
  displayName: z.string().min(1, "must be 1-120 characters").max(120, "must be 1-120 characters").optional(),
  /** Entra ID groups (object ids) given the `access` app role: only they (and assigned programs) get a token. */
  accessGroups: z.array(rule.uuid).optional(),
  /** Entra ID groups (object ids) given the `approver` app role: they may decide approvals. */
  approverGroups: z.array(rule.uuid).optional(),
});

/** A GitHub user login, or `<organization>/<team slug>`. */
const reviewer = z
  .string()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]{1,100})?$/,
    "must be a GitHub user login or <organization>/<team slug> (a team of the repository's organization)",
  );

export const bootstrapConfigSchema = z.strictObject({
  location: region.optional(),
  nameSuffix: z
    .string()
    .regex(/^[a-z0-9]{4,8}$/, "must be 4-8 lowercase letters or digits")
    .optional(),
  tags: z.record(z.string().min(1), z.string()).optional(),
  /** The main program this bootstrap serves: its project name (its keys, groups and name suffixes derive from it). */
  mainProject: z
    .strictObject({
      name: z
        .string()
        .regex(/^[a-z][a-z0-9-]{1,39}$/, "must be a Pulumi project name of 2-40 lowercase letters, digits or dashes")
        .optional(),
    })
    .optional(),
  github: z.strictObject({
    repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "must be <owner>/<repository> as on GitHub"),
    /**
     * The start of every OIDC subject: `repo:<owner>/<repository>`, or for repositories using immutable subject claims
     * `repo:<owner>@<owner id>/<repository>@<repository id>` (GitHub's `sub_claim_prefix`).
     */
    subjectPrefix: z
      .string()
      .regex(
        /^repo:[A-Za-z0-9-]+(@[0-9]+)?\/[A-Za-z0-9._-]+(@[0-9]+)?$/,
        "must be repo:<owner>/<repository>, or repo:<owner>@<id>/<repository>@<id> for immutable subject claims",
      )
      .optional(),
    previewEnvironment: environmentName.optional(),
    devEnvironment: environmentName.optional(),
    productionEnvironment: environmentName.optional(),
    /** Who approves pull-request previews and production deployments (GitHub allows up to six). */
    reviewers: z
      .array(reviewer, "must list the GitHub users or teams who approve previews and production deployments")
      .min(1, "must name at least one reviewer")
      .max(6, "must name at most six reviewers (GitHub's limit)"),
  }),
  names: z
    .strictObject({
      stateResourceGroup: rule.resourceGroupName.optional(),
      stateStorageAccount: rule.storageAccountName.optional(),
      stateContainer: z
        .string()
        .regex(
          /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
          "must be 3-63 lowercase letters, digits or single dashes, starting and ending with a letter or digit",
        )
        .optional(),
      secretsVault: rule.keyVaultName.optional(),
    })
    .optional(),
  state: z
    .strictObject({
      storageSku: z.enum(["Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_GZRS", "Standard_RAGRS", "Standard_RAGZRS"]).optional(),
      softDeleteDays: z.int().min(1, "must be 1-365 days").max(365, "must be 1-365 days").optional(),
    })
    .optional(),
  stacks: z.record(z.string(), stackSchema).superRefine((stacks, ctx) => {
    if (!Object.keys(stacks).length)
      ctx.addIssue({ code: "custom", message: "must name at least one stack of the main program", input: stacks });
    for (const name of Object.keys(stacks)) {
      const result = stackName.safeParse(name);
      if (!result.success) ctx.addIssue({ code: "custom", path: [name], message: result.error.issues[0]!.message, input: name });
    }
  }),
  /**
   * Entra ID groups of the people who create the stacks and deploy from a workstation: the backend's data roles. Owner
   * holds no data actions, so without a group nobody can log in to the backend the bootstrap creates.
   */
  operatorGroups: z
    .array(rule.uuid, "must list the Entra ID group object ids of the operators: without one nobody can read or write the state")
    .min(1, "must name at least one Entra ID group: without it nobody can read or write the state"),
  signIn: z.strictObject({ dev: signInAppSchema.optional(), prod: signInAppSchema.optional() }).optional(),
});

export type BootstrapConfig = z.infer<typeof bootstrapConfigSchema>;
