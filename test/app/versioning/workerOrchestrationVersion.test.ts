// The version a worker runs instances up to: the image's, unless the emergency override setting says otherwise.
import { describe, expect, it } from "vitest";
import { hostSettingNames } from "../../../app/src/contract/settingNames";
import { currentOrchestrationVersion, workerOrchestrationVersion } from "../../../app/src/versioning/orchestrationVersion";

describe("workerOrchestrationVersion", () => {
  it("is host.json's defaultVersion without the override", () => {
    expect(workerOrchestrationVersion({})).toBe(currentOrchestrationVersion);
    expect(workerOrchestrationVersion({ [hostSettingNames.orchestrationVersionOverride]: "  " })).toBe(currentOrchestrationVersion);
  });

  it("is the override when set: the host then accepts instances up to that version", () => {
    expect(workerOrchestrationVersion({ [hostSettingNames.orchestrationVersionOverride]: " 0.9 " })).toBe("0.9");
  });
});
