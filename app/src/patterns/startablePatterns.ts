import { functionNames } from "../contract/functionNames";
import { parseApprovalInput } from "./approval";
import { parseChainingInput } from "./chaining";
import { parseFanOutInput } from "./fanOutFanIn";
import type { Parsed } from "./inputParsing";
import { parseMonitorInput } from "./monitor";

export interface StartablePattern {
  readonly orchestrator: string;
  readonly parseInput: (body: unknown) => Parsed<unknown>;
  /** The start needs a signed-in caller, recorded in the input as `submittedBy`. */
  readonly recordsSubmitter?: true;
}

/**
 * The only orchestrations POST /api/patterns/{name} can start. A Map, not an object: a route value such as
 * `constructor` or `__proto__` must find nothing.
 */
export const startablePatterns: ReadonlyMap<string, StartablePattern> = new Map<string, StartablePattern>([
  ["chaining", { orchestrator: functionNames.chainingOrchestrator, parseInput: parseChainingInput }],
  ["fan-out-fan-in", { orchestrator: functionNames.fanOutFanInOrchestrator, parseInput: parseFanOutInput }],
  ["approval", { orchestrator: functionNames.approvalOrchestrator, parseInput: parseApprovalInput, recordsSubmitter: true }],
  ["monitor", { orchestrator: functionNames.monitorOrchestrator, parseInput: parseMonitorInput }],
]);
