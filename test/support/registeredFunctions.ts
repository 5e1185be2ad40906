// What app/src/index.ts registers with the host, by trigger: orchestrators and activities by their registered names.
import { installFunctionsHostCapture, takeRegistrations } from "./functionsHostCapture";

export interface RegisteredFunctions {
  readonly orchestrators: ReadonlySet<string>;
  readonly activities: ReadonlySet<string>;
}

/** Loads app/src/index.ts once in this process through the capturing stand-in for the worker's module. */
export async function registeredFunctions(): Promise<RegisteredFunctions> {
  installFunctionsHostCapture();
  takeRegistrations();
  await import("../../app/src/index.js");
  const functions = takeRegistrations();
  const withTrigger = (type: string) =>
    new Set(functions.filter((fn) => Object.values(fn.bindings).some((binding) => binding.type === type)).map((fn) => fn.name));
  const registered = { orchestrators: withTrigger("orchestrationTrigger"), activities: withTrigger("activityTrigger") };
  if (registered.orchestrators.size === 0) throw new Error("app/src/index.ts was already loaded in this process: nothing was captured.");
  return registered;
}
