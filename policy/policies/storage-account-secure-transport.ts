import { mandatoryResourcePolicy } from "../lib/define-policy";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";

const acceptedTlsVersions = ["TLS1_2", "TLS1_3"];

export const storageAccountSecureTransport = mandatoryResourcePolicy({
  name: "storage-account-secure-transport",
  description: "Storage accounts accept HTTPS only, with TLS 1.2 or newer.",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.storageAccount),
  validate: (props, _args, reportViolation) => {
    if (!acceptedTlsVersions.includes(String(props["minimumTlsVersion"]))) {
      reportViolation(`minimumTlsVersion is ${String(props["minimumTlsVersion"] ?? "not set")}: set minimumTlsVersion to "TLS1_2".`);
    }
    if (props["enableHttpsTrafficOnly"] !== true) {
      reportViolation("enableHttpsTrafficOnly is not true: set enableHttpsTrafficOnly: true so the account refuses plain HTTP.");
    }
  },
});
