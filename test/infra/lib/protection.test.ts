import { beforeAll, describe, expect, it } from "vitest";
import type { ProgramRun } from "../../../tools/render/runProgram";
import { plainInputs, types } from "../../support/infra";
import { sharedRun } from "../../support/programRuns";

// Stateful data of a production stack cannot be deleted or replaced by a plan: `protect` stops the engine, a
// CanNotDelete lock stops Azure (also against the portal and the CLI).
const stateful = [types.storageAccount, types.table, types.vault, types.configurationStore, types.registry];
const lockable = [types.storageAccount, types.vault, types.configurationStore, types.registry];
const lockType = "azure-native:authorization:ManagementLockByScope";

const runs = new Map<string, ProgramRun>();
beforeAll(async () => {
  for (const stack of ["dev", "prod"]) runs.set(stack, await sharedRun(stack));
});

describe("prod", () => {
  const run = () => runs.get("prod")!;

  it.each(stateful)("protects %s", (type) => {
    const [resource, ...others] = run().resources.filter((item) => item.type === type);
    expect(others).toEqual([]);
    expect(resource!.options.protect).toBe(true);
  });

  it.each(lockable)("locks %s against deletion (the audit table inherits the account's lock)", (type) => {
    const resource = run().resources.find((item) => item.type === type)!;
    const locks = run().resources.filter((item) => item.type === lockType && plainInputs(item).scope === resource.id);
    expect(locks.map((lock) => plainInputs(lock).level)).toEqual(["CanNotDelete"]);
  });
});

describe("dev", () => {
  const run = () => runs.get("dev")!;

  it("stays disposable: nothing protected, no locks", () => {
    for (const type of stateful) expect(run().resources.find((item) => item.type === type)!.options.protect, type).toBe(false);
    expect(run().resources.filter((item) => item.type === lockType)).toEqual([]);
  });
});
