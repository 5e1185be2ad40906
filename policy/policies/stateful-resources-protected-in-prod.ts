import { mandatoryResourcePolicy } from "../lib/define-policy";
import { productionResourceOf, productionStacksSchema } from "../lib/production-stacks";

/** Where the app's data lives: the task hub and audit table (storage), secrets, key-values, images. */
const statefulTypes = [
  "azure-native:storage:StorageAccount",
  "azure-native:storage:Table",
  "azure-native:keyvault:Vault",
  "azure-native:appconfiguration:ConfigurationStore",
  "azure-native:containerregistry:Registry",
];

/**
 * The engine refuses to delete or replace a protected resource, so in production every plan that would lose this
 * data stops before it starts. Production: a stack named in the policy config, or a resource tagged environment prod.
 */
export const statefulResourcesProtectedInProd = mandatoryResourcePolicy({
  name: "stateful-resources-protected-in-prod",
  description:
    "Stateful resources (storage, audit table, Key Vault, App Configuration, registry) of production stacks are protected against delete and replace.",
  appliesTo: (type) => statefulTypes.includes(type),
  configSchema: productionStacksSchema,
  validate: (props, args, reportViolation) => {
    const { stack, production } = productionResourceOf(props, args);
    if (production && !args.opts.protect) {
      reportViolation(
        `${args.type} "${args.name}" holds production data and is not protected: register it with protect: true (stack "${stack}").`,
      );
    }
  },
});
