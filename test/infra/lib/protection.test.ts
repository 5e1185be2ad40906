import { beforeAll, describe, expect, it } from "vitest";
import type { ProgramRun } from "../../../tools/render/runProgram";
import { plainInputs, types } from "../../support/infra";
import { sharedRun } from "../../support/programRuns";

// Stateful data of a production stack cannot be deleted or replaced by a plan: `protect` stops the engine. A
// CanNotDelete lock stops Azure too (also against the portal and the CLI), but it also blocks deleting the role
// assignments and diagnostic settings under the resource (ScopeLocked), so only what would lose data nobody can
// recreate is locked: the task hub and audit table (storage) and the promoted images (registry).
const stateful = [types.storageAccount, types.table, types.vault, types.configurationStore, types.registry];
const lockable = [types.storageAccount, types.registry];
// Key Vault: soft delete with purge protection in prod makes a deletion recoverable; App Configuration holds one key-value the program derives.
const protectedOnly = [types.vault, types.configurationStore];
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

  it.each(protectedOnly)("does not lock %s: protect stops the engine, and its role assignments stay deletable", (type) => {
    const resource = run().resources.find((item) => item.type === type)!;
    expect(run().resources.filter((item) => item.type === lockType && plainInputs(item).scope === resource.id)).toEqual([]);
  });

  it("has no other lock", () => {
    expect(run().resources.filter((item) => item.type === lockType)).toHaveLength(lockable.length);
  });
});

describe("dev", () => {
  const run = () => runs.get("dev")!;

  it("stays disposable: nothing protected, no locks", () => {
    for (const type of stateful) expect(run().resources.find((item) => item.type === type)!.options.protect, type).toBe(false);
    expect(run().resources.filter((item) => item.type === lockType)).toEqual([]);
  });
});
