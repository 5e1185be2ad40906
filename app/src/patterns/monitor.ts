import type { OrchestrationContext, OrchestrationHandler } from "durable-functions";
import { functionNames } from "../contract/functionNames";
import { fieldsOf, inputOrThrow, integerField, parsed, rejected, type Parsed } from "./inputParsing";

export interface MonitorInput {
  /** How long the simulated external job runs before it reports done. */
  readonly jobSeconds: number;
  readonly pollSeconds: number;
  readonly maxPolls: number;
}

export type JobStatus = "running" | "done";
export type MonitorOutcome = { readonly status: "done" | "timedOut"; readonly polls: number };

export function parseMonitorInput(body: unknown): Parsed<MonitorInput> {
  const fields = fieldsOf(body);
  if (fields === undefined) return rejected("The body must be a JSON object.");
  const jobSeconds = integerField(fields, "jobSeconds", 0, 3600, 30);
  if (!jobSeconds.ok) return jobSeconds;
  const pollSeconds = integerField(fields, "pollSeconds", 1, 600, 10);
  if (!pollSeconds.ok) return pollSeconds;
  const maxPolls = integerField(fields, "maxPolls", 1, 20, 10);
  if (!maxPolls.ok) return maxPolls;
  return parsed({ jobSeconds: jobSeconds.value, pollSeconds: pollSeconds.value, maxPolls: maxPolls.value });
}

/**
 * The external system the monitor watches, simulated: a job that is done once its ready time has passed. Activities
 * may read the wall clock; orchestrators may not.
 */
export function checkJobStatus(input: unknown): JobStatus {
  const readyAt = typeof input === "object" && input !== null ? Date.parse(String((input as { readyAt?: unknown }).readyAt)) : Number.NaN;
  return !Number.isNaN(readyAt) && Date.now() >= readyAt ? "done" : "running";
}

/**
 * Monitor: poll, sleep on a durable timer, poll again, at most `maxPolls` times. The bound keeps
 * the history short; a monitor meant to run for days would continueAsNew instead.
 */
export const monitorOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const { jobSeconds, pollSeconds, maxPolls } = inputOrThrow(parseMonitorInput(context.df.getInput()));
  const readyAt = new Date(context.df.currentUtcDateTime.getTime() + jobSeconds * 1000).toISOString();
  for (let poll = 1; poll <= maxPolls; poll++) {
    const status: JobStatus = yield context.df.callActivity(functionNames.checkJobStatus, { readyAt });
    if (status === "done") return { status: "done", polls: poll } satisfies MonitorOutcome;
    if (poll < maxPolls) yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + pollSeconds * 1000));
  }
  return { status: "timedOut", polls: maxPolls } satisfies MonitorOutcome;
};
