import { DummyEntityContext, EntityId } from "durable-functions";
import { createEntityFunction } from "durable-functions/lib/src/util/testingUtils";
import { describe, expect, it } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { counterEntity } from "../../../app/src/patterns/counterEntity";

const runCounter = createEntityFunction(counterEntity);

/** One entity batch through the SDK's real entity dispatcher, as the extension delivers it. */
async function dispatch(state: number | undefined, operations: Array<{ name: string; input?: unknown }>) {
  const trigger = {
    self: new EntityId(functionNames.counterEntity, "visits"),
    exists: state !== undefined,
    state: state === undefined ? undefined : JSON.stringify(state),
    batch: operations.map((operation, index) => ({
      id: `op-${index}`,
      name: operation.name,
      signal: false,
      input: operation.input === undefined ? undefined : JSON.stringify(operation.input),
    })),
  };
  const result = await runCounter(trigger, new DummyEntityContext(functionNames.counterEntity, "invocation", () => undefined));
  return {
    state: result.entityState === undefined ? undefined : (JSON.parse(result.entityState) as number),
    results: result.results.map((entry) => ({
      isError: entry.isError,
      value: entry.result === undefined ? undefined : JSON.parse(entry.result),
    })),
  };
}

describe("counter entity, dispatched by the real SDK", () => {
  it("a new counter starts at 0, and add accumulates", async () => {
    const { state, results } = await dispatch(undefined, [{ name: "add", input: 5 }, { name: "add", input: -2 }, { name: "get" }]);
    expect(state).toBe(3);
    expect(results[2]).toEqual({ isError: false, value: 3 });
  });

  it("reset sets an existing counter back to 0", async () => {
    const { state, results } = await dispatch(41, [{ name: "reset" }, { name: "get" }]);
    expect(state).toBe(0);
    expect(results[1]?.value).toBe(0);
  });

  it("get returns the stored value and leaves it unchanged", async () => {
    const { state, results } = await dispatch(7, [{ name: "get" }]);
    expect(state).toBe(7);
    expect(results[0]).toEqual({ isError: false, value: 7 });
  });

  it("a non-numeric add and an unknown operation fail without touching the state", async () => {
    const { state, results } = await dispatch(10, [{ name: "add", input: "ten" }, { name: "multiply", input: 2 }, { name: "get" }]);
    expect(results.slice(0, 2).map((entry) => entry.isError)).toEqual([true, true]);
    expect(state).toBe(10);
    expect(results[2]?.value).toBe(10);
  });
});
