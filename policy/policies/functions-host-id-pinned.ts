import { hostSharingSetting, mandatoryHostSettingsPolicy } from "../lib/host-settings-policy";
import { describeHostSetting } from "../lib/functions-hosts";

const setting = "AzureFunctionsWebHost__hostid";
const hostIdPattern = /^(?=.{1,32}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
const rule = "1-32 lowercase letters, digits and single dashes, no dash at either end";

export const functionsHostIdPinned = mandatoryHostSettingsPolicy({
  name: "functions-host-id-pinned",
  description: `Every replica must share one host id (${setting}), or each keeps its own key store and status URLs fail with 401; a staging slot needs one other than production's.`,
  check: (host, { hosts }, reportViolation) => {
    const hostId = host.settings.get(setting)?.value;
    if (hostId === undefined || hostId === "") {
      reportViolation(
        `${describeHostSetting(host, setting)}: pin ${setting} to a fixed id (${rule}) so every replica uses the same key store.`,
      );
    } else if (!hostIdPattern.test(hostId)) {
      reportViolation(`${host.label} sets ${setting} "${hostId}", which the Functions host rejects or truncates: use ${rule}.`);
    } else {
      const other = hostSharingSetting(host, hosts, setting);
      // Sharing the id on one storage account shares host locks and keys unnoticed: an explicit id skips the host's
      // collision check (azure-functions-host src/WebJobs.Script/Host/ScriptHostIdProvider.cs).
      if (other)
        reportViolation(
          `${host.label} shares ${setting} "${hostId}" with ${other.label}: give each site and slot an id of its own on the same storage account.`,
        );
    }
  },
});
