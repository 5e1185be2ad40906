import type { EntityContext, EntityHandler } from "durable-functions";

export const counterOperations = ["add", "reset", "get"] as const;
export type CounterOperation = (typeof counterOperations)[number];

/** Keeps one number per key; operations on a key run one at a time. */
export const counterEntity: EntityHandler<number> = (context: EntityContext<number>) => {
  const current = context.df.getState(() => 0) ?? 0;
  switch (context.df.operationName) {
    case "add": {
      const amount = context.df.getInput<unknown>();
      if (typeof amount !== "number" || !Number.isFinite(amount)) throw new Error("add needs a finite number.");
      context.df.setState(current + amount);
      return;
    }
    case "reset":
      context.df.setState(0);
      return;
    case "get":
      context.df.return(current);
      return;
    default:
      throw new Error(`Unknown counter operation '${context.df.operationName}'.`);
  }
};
