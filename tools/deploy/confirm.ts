import type { Deps } from "./deps";

/** Asks before a change; without a terminal, only --yes proceeds. */
export async function confirmed(deps: Deps, yes: boolean, question: string, verb: string): Promise<boolean> {
  if (yes) return true;
  if (!deps.ask) {
    deps.write(`Not run from a terminal: add --yes to ${verb} without being asked.`);
    return false;
  }
  return deps.ask(question);
}
