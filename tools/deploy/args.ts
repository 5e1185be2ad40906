import { parseArgs, type ParseArgsConfig } from "node:util";
import { downUsage, upUsage } from "./usage";

export type Command =
  | { kind: "help"; text: string }
  | { kind: "bootstrap"; name: string; yes: boolean }
  | { kind: "up"; stack: string; yes: boolean; hostname?: string }
  | { kind: "down"; stack: string; yes: boolean; keepNames: boolean; production: boolean };

/** An argument the command cannot act on: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** A stack name Pulumi accepts: letters, digits, `-`, `_` and `.` (pulumi/pulumi sdk/go/common/tokens/names.go). */
const stackName = /^[A-Za-z0-9_.-]{1,100}$/;

function stackArgument(positionals: string[], usage: string): string {
  if (positionals.length === 0) throw new UsageError("name the stack to act on, e.g. dev", usage);
  if (positionals.length > 1) throw new UsageError(`one stack at a time, got ${positionals.join(" ")}`, usage);
  const stack = positionals[0]!;
  if (!stackName.test(stack)) throw new UsageError(`"${stack}" is not a stack name (letters, digits, - _ .)`, usage);
  return stack;
}

function parse(argv: string[], usage: string, options: NonNullable<ParseArgsConfig["options"]>) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}

/** `npm run up -- ...` and `npm run down -- ...`: argv is what follows the verb. */
export function parseCommand(verb: string, argv: string[]): Command {
  if (verb === "up") {
    const { values, positionals } = parse(argv, upUsage, {
      yes: { type: "boolean" },
      hostname: { type: "string" },
      bootstrap: { type: "boolean" },
      help: { type: "boolean" },
    });
    if (values.help) return { kind: "help", text: upUsage };
    if (values.bootstrap) {
      if (values.hostname) throw new UsageError("--hostname belongs to a stack of the main program, not to --bootstrap", upUsage);
      if (positionals.length > 1) throw new UsageError(`one bootstrap stack at a time, got ${positionals.join(" ")}`, upUsage);
      return { kind: "bootstrap", name: positionals[0] ?? "subscription", yes: Boolean(values.yes) };
    }
    const hostname = values.hostname as string | undefined;
    if (hostname !== undefined && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(hostname))
      throw new UsageError(`--hostname "${hostname}" is not a DNS name such as durable-dev.example.com`, upUsage);
    return { kind: "up", stack: stackArgument(positionals, upUsage), yes: Boolean(values.yes), ...(hostname ? { hostname } : {}) };
  }
  if (verb === "down") {
    const { values, positionals } = parse(argv, downUsage, {
      yes: { type: "boolean" },
      "keep-names": { type: "boolean" },
      production: { type: "boolean" },
      help: { type: "boolean" },
    });
    if (values.help) return { kind: "help", text: downUsage };
    return {
      kind: "down",
      stack: stackArgument(positionals, downUsage),
      yes: Boolean(values.yes),
      keepNames: Boolean(values["keep-names"]),
      production: Boolean(values.production),
    };
  }
  throw new UsageError(`unknown command "${verb}": use up or down`, `${upUsage}\n\n${downUsage}`);
}
