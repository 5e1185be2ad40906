import { mandatoryHostSettingsPolicy } from "../lib/host-settings-policy";
import { describeHostSetting } from "../lib/functions-hosts";

const setting = "AzureFunctionsWebHost__hostid";
const hostIdPattern = /^(?=.{1,32}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
const rule = "1-32 lowercase letters, digits and single dashes, no dash at either end";

export const functionsHostIdPinned = mandatoryHostSettingsPolicy({
  name: "functions-host-id-pinned",
  description: `Every replica must share one host id (${setting}), or each keeps its own key store and status URLs fail with 401.`,
  check: (host, _context, reportViolation) => {
    const hostId = host.settings.get(setting)?.value;
    if (hostId === undefined || hostId === "") {
      reportViolation(
        `${describeHostSetting(host, setting)}: pin ${setting} to a fixed id (${rule}) so every replica uses the same key store.`,
      );
    } else if (!hostIdPattern.test(hostId)) {
      reportViolation(`${host.label} sets ${setting} "${hostId}", which the Functions host rejects or truncates: use ${rule}.`);
    }
  },
});
