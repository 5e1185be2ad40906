// A stand-in for "@azure/functions-core", the module the Functions Node.js worker injects at run time. With it in
// place, @azure/functions leaves test mode and hands each registration (name + binding metadata) to us, exactly as
// it would hand it to the host.
import Module from "node:module";

export interface CapturedBinding {
  readonly type: string;
  readonly direction: "in" | "out";
  readonly route?: string;
  readonly authLevel?: string;
  readonly methods?: string[];
  readonly [key: string]: unknown;
}

export interface CapturedFunction {
  readonly name: string;
  readonly bindings: Record<string, CapturedBinding>;
  /** What the worker would call per invocation: (trigger input, invocation context). */
  readonly handler?: (...args: unknown[]) => unknown;
}

const coreModuleName = "@azure/functions-core";
const registrations: CapturedFunction[] = [];

const fakeCoreApi = {
  version: "test",
  hostVersion: "test",
  setProgrammingModel: () => undefined,
  getProgrammingModel: () => undefined,
  registerHook: () => ({ dispose: () => undefined }),
  log: () => undefined,
  registerFunction: (metadata: CapturedFunction, handler: CapturedFunction["handler"]) => {
    registrations.push({ ...metadata, handler });
    return { dispose: () => undefined };
  },
};

type ModuleInternals = typeof Module & {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _cache: Record<string, { exports: unknown; loaded: boolean; id: string; filename: string }>;
};

let installed = false;

/** Makes `require("@azure/functions-core")` resolve to the capturing fake for the rest of this process. */
export function installFunctionsHostCapture(): void {
  if (installed) return;
  installed = true;
  const internals = Module as ModuleInternals;
  const resolve = internals._resolveFilename.bind(Module);
  internals._resolveFilename = (request: string, ...rest: unknown[]) =>
    request === coreModuleName ? coreModuleName : resolve(request, ...rest);
  internals._cache[coreModuleName] = { exports: fakeCoreApi, loaded: true, id: coreModuleName, filename: coreModuleName };
}

/** Registrations captured since the last call, then forgets them. */
export function takeRegistrations(): CapturedFunction[] {
  return registrations.splice(0, registrations.length);
}

/** The HTTP trigger binding of a captured function, if it has one. */
export function httpTrigger(fn: CapturedFunction): CapturedBinding | undefined {
  return Object.values(fn.bindings).find((binding) => binding.type === "httpTrigger");
}

/** A comparable summary: name, trigger type, route, methods, auth level, and the other bindings' types. */
export function summarize(functions: readonly CapturedFunction[]) {
  return functions
    .map((fn) => {
      const bindings = Object.values(fn.bindings);
      const trigger = bindings.find((binding) => binding.type.endsWith("Trigger"));
      return {
        name: fn.name,
        trigger: trigger?.type,
        route: trigger?.route,
        methods: trigger?.methods,
        authLevel: trigger?.authLevel,
        inputs: bindings.filter((binding) => binding !== trigger && binding.direction === "in").map((binding) => binding.type),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
