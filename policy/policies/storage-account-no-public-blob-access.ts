import { mandatoryResourcePolicy } from "../lib/define-policy";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";

export const storageAccountNoPublicBlobAccess = mandatoryResourcePolicy({
  name: "storage-account-no-public-blob-access",
  description: "Storage accounts forbid anonymous public access to blobs; the Durable state and the host keys live there.",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.storageAccount),
  validate: (props, _args, reportViolation) => {
    if (props["allowBlobPublicAccess"] !== false) {
      reportViolation("allowBlobPublicAccess is not false: set allowBlobPublicAccess: false so no container can be made public.");
    }
  },
});
