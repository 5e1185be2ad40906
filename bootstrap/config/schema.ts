import { z } from "zod";
import * as rule from "../../infra/config/rules";

// The bootstrap stack's config as a user writes it (namespace `durable-aks-bootstrap:`); defaults in ./resolve.ts.

/** A Pulumi stack name of the main program (it also names the stack's secrets-provider key). */
export const stackName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,29}$/, "must be a stack name of 1-30 lowercase letters, digits or dashes, starting with a letter or digit");

/** The trust levels that deploy: `dev` signs in from `main`, `prod` from the protected production environment. */
export const deployers = ["dev", "prod"] as const;

const stackSchema = z.strictObject({
  deployer: z.enum(deployers, "must be dev (deployed from main) or prod (deployed from the protected production environment)"),
  /** The public hostname: OAuth2 Proxy's redirect URI https://<hostname>/oauth2/callback. */
  hostname: rule.dnsName.optional(),
  resourceGroup: rule.resourceGroupName.optional(),
  location: z
    .string()
    .regex(/^[a-z0-9]+$/, "must be an Azure region name such as westeurope")
    .optional(),
  /** The stack whose registry this one imports its image from (prod promotes dev's digest). */
  promotesFrom: stackName.optional(),
});

export const bootstrapConfigSchema = z.strictObject({
  location: z
    .string()
    .regex(/^[a-z0-9]+$/, "must be an Azure region name such as westeurope")
    .optional(),
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
    productionEnvironment: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,255}$/, "must be a GitHub environment name")
      .optional(),
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
  /** Entra ID groups of the people who create the stacks (step 4) and deploy from a workstation: the backend's data roles. */
  operatorGroups: z.array(rule.uuid).optional(),
  oauth2Proxy: z
    .strictObject({
      displayName: z.string().min(1).max(120).optional(),
      /** Entra ID groups (object ids) given the app role; only assigned users and groups can sign in. */
      assignedGroups: z.array(rule.uuid).optional(),
    })
    .optional(),
});

export type BootstrapConfig = z.infer<typeof bootstrapConfigSchema>;
