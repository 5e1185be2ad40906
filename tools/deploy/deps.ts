import type { Automation } from "./automation";
import type { Runner } from "./shell";

/** Everything the command touches outside its own logic: the tests replace each. */
export interface Deps {
  run: Runner;
  automation: Automation;
  write: (line: string) => void;
  /** Asks a yes/no question on the terminal; undefined when there is none (then --yes is required). */
  ask?: (question: string) => Promise<boolean>;
  now: () => number;
  /** Calls `tick` every few seconds until the returned function is called. */
  every: (tick: () => void) => () => void;
  /** The repository root (Pulumi.yaml, the stack files, bootstrap/). */
  root: string;
  writeFile: (path: string, text: string) => void;
}

/** Exit codes: 0 done, 1 stopped with a message saying what to do, 2 bad arguments (usage printed). */
export const exit = { ok: 0, stopped: 1, usage: 2 } as const;
