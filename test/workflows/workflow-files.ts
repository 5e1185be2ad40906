// Reads the repository's GitHub Actions files as plain data for the delivery tests.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

export interface Job {
  name?: string;
  uses?: string;
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  strategy?: { matrix?: Record<string, unknown> };
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  steps?: Step[];
}

export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export interface CompositeAction {
  name: string;
  inputs?: Record<string, unknown>;
  runs: { using: string; steps: Step[] };
}

export const workflowDirectory = ".github/workflows";
export const actionDirectory = ".github/actions";

export const workflowFiles = readdirSync(workflowDirectory)
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => join(workflowDirectory, file));

export const actionFiles = readdirSync(actionDirectory, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(actionDirectory, entry.name, "action.yml"));

export function readYaml<T>(path: string): T {
  return parse(readFileSync(path, "utf8")) as T;
}

export function workflow(file: string): Workflow {
  return readYaml<Workflow>(join(workflowDirectory, file));
}

/** A job's steps with the repository's own composite actions expanded in place, as the runner executes them. */
export function stepsOf(job: Job): Step[] {
  return (job.steps ?? []).flatMap((step) =>
    step.uses?.startsWith("./.github/actions/") ? readYaml<CompositeAction>(join(step.uses, "action.yml")).runs.steps : [step],
  );
}

/** Steps of pulumi/actions that run a command (the action without one only installs the CLI). */
export function pulumiCommands(job: Job): Step[] {
  return stepsOf(job).filter((step) => step.uses?.startsWith("pulumi/actions@") && step.with?.["command"] !== undefined);
}

export function allJobs(): Array<{ file: string; id: string; job: Job; workflow: Workflow }> {
  return workflowFiles.flatMap((file) => {
    const parsed = readYaml<Workflow>(file);
    return Object.entries(parsed.jobs).map(([id, job]) => ({ file, id, job, workflow: parsed }));
  });
}

export function environmentOf(job: Job): string | undefined {
  return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

/** Every `uses:` of the workflows and of the repository's composite actions. */
export function allUses(): string[] {
  const fromWorkflows = allJobs().flatMap(({ job }) => [job.uses, ...(job.steps ?? []).map((step) => step.uses)]);
  const fromActions = actionFiles.flatMap((file) => readYaml<CompositeAction>(file).runs.steps.map((step) => step.uses));
  return [...fromWorkflows, ...fromActions].filter((uses): uses is string => uses !== undefined);
}
