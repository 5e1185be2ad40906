import { hostSharingSetting, mandatoryHostSettingsPolicy } from "../lib/host-settings-policy";
import { describeHostSetting } from "../lib/functions-hosts";

// The plain setting host.json names as "%TaskHubName%" (app/src/contract/settingNames.ts); the pack stays free of app imports.
const setting = "TaskHubName";
const hubNamePattern = /^[A-Za-z][A-Za-z0-9]{2,44}$/;
const sharedDefault = "durablefunctionshub";

export const durableTaskHubOfItsOwn = mandatoryHostSettingsPolicy({
  name: "durable-task-hub-of-its-own",
  description:
    "The Durable task hub is the isolation boundary between apps, stacks and slots: each stack sets a valid hub name of its own that names the stack, and a staging slot one other than production's.",
  check: (host, { stack, hosts }, reportViolation) => {
    const hubName = host.settings.get(setting)?.value;
    const stackToken = stack.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
    const wanted = `a hub name of this stack's own (3-45 letters and digits, starting with a letter, containing "${stackToken}")`;
    if (hubName === undefined || hubName === "") {
      reportViolation(
        `${describeHostSetting(host, setting)}: set it to ${wanted}; otherwise every stack running this image shares the hub of host.json.`,
      );
    } else if (!hubNamePattern.test(hubName)) {
      reportViolation(`${host.label} sets ${setting} "${hubName}", which is not a valid task hub name: use ${wanted}.`);
    } else if (hubName.toLowerCase() === sharedDefault) {
      reportViolation(
        `${host.label} uses the default task hub "${hubName}", shared by every app on the storage account: set ${setting} to ${wanted}.`,
      );
    } else if (hostSharingSetting(host, hosts, setting)) {
      // Hub names are case-insensitive: the host lowercases them for its queues and tables.
      const other = hostSharingSetting(host, hosts, setting)!;
      reportViolation(
        `${host.label} shares ${setting} "${hubName}" with ${other.label}: give each site and slot a hub of its own, or each runs the other's orchestrations with its own code.`,
      );
    } else if (!hubName.toLowerCase().includes(stackToken)) {
      reportViolation(
        `${host.label} sets ${setting} "${hubName}", which does not name stack "${stack}" and may be another stack's hub: use ${wanted}.`,
      );
    }
  },
});
