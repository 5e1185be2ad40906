import { mandatoryHostSettingsPolicy } from "../lib/host-settings-policy";
import { describeHostSetting } from "../lib/functions-hosts";

const setting = "AzureWebJobsStorage";
const identityBasedSettings = [`${setting}__accountName`, `${setting}__blobServiceUri`];
const emulatorMarkers = /UseDevelopmentStorage=true|devstoreaccount1|azurite|127\.0\.0\.1|localhost/i;

export const realStorageForFunctionsHost = mandatoryHostSettingsPolicy({
  name: "real-storage-for-functions-host",
  description: "A deployed Functions host keeps Durable state in a real Azure Storage account; Azurite is for local development only.",
  check: (host, _context, reportViolation) => {
    const connection = host.settings.get(setting);
    const identityBased = identityBasedSettings.some((name) => host.settings.has(name));
    if (connection === undefined && !identityBased) {
      reportViolation(
        `${describeHostSetting(host, setting)}: deliver the storage account's connection string as ${setting} from a Secret (or a Key Vault reference), or set ${identityBasedSettings[0]} for identity-based access.`,
      );
    } else if (connection?.value !== undefined && emulatorMarkers.test(connection.value)) {
      reportViolation(
        `${host.label} points ${setting} at the storage emulator: use the connection string of the stack's Azure Storage account.`,
      );
    }
  },
});
