// The release steps of deploy-dev.yml and promote-prod.yml: `npx tsx tools/release/cli.ts <command> ...`.
// Steps hand each other files in one state folder (--state); `key=value` lines on stdout are for "$GITHUB_OUTPUT",
// everything for people goes to stderr; `report` prints the job summary and fails a release that did not pass.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { Settings } from "../../infra/config";
import { readStackSettings } from "../deploy/stackSettings";
import { repositoryRoot } from "../render/stackConfig";
import { parseSmokeResult, type SmokeResult } from "../smoke/result";
import { decide, rollbackRecord, type Decision, type Stage } from "./decision";
import { findLastKnownGood, githubApi, recordRelease, type GitHubApi } from "./githubDeployments";
import { releasePlan } from "./plan";
import { releaseOf, shortCommit, type Release } from "./release";
import { releaseSummary, type ReleaseReport } from "./summary";

export const usage = `Usage: npx tsx tools/release/cli.ts <command> [options]
  known-good --environment <env> --stack <org/project/stack> --state <dir>
  plan --stack <stack>
  decide --environment <env> --stack <org/project/stack> --stage slot|production --commit <sha> --image-ref <ref> [--url <url>] --state <dir>
  record-rollback --environment <env> --stack <org/project/stack> --commit <sha of the failed release> --image-ref <ref> [--url <url>] --state <dir>
  report --environment <env> --commit <sha> --state <dir>`;

/** The files the steps of one release job hand each other, in its state folder. */
export const stateFiles = {
  knownGood: "known-good.json",
  smoke: (stage: Stage | "rollback") => `smoke-${stage}.json`,
  decision: (stage: Stage) => `decision-${stage}.json`,
  rollback: "rollback.json",
};

export interface ReleaseDeps {
  env: NodeJS.ProcessEnv;
  /** stdout: `key=value` lines for GITHUB_OUTPUT, or the summary. */
  write: (text: string) => void;
  /** stderr: what a person reads in the log. */
  log: (line: string) => void;
  api: () => GitHubApi;
  readSettings: (stack: string) => Pick<Settings, "hosting" | "appService" | "image">;
  root: string;
}

class UsageError extends Error {}

const option = { type: "string" } as const;
const options = {
  environment: option,
  stack: option,
  state: option,
  stage: option,
  commit: option,
  "image-ref": option,
  url: option,
};

function required(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

const readJson = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined);
const readSmoke = (file: string): SmokeResult | undefined => (existsSync(file) ? parseSmokeResult(readFileSync(file, "utf8")) : undefined);
const outputs = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([key, value]) => `${key}=${value}\n`)
    .join("");

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = env;
  return server && repository && run ? `${server}/${repository}/actions/runs/${run}` : undefined;
}

function stateFolder(values: Record<string, string | undefined>): (file: string) => string {
  const folder = required(values, "state");
  mkdirSync(folder, { recursive: true });
  return (file) => path.join(folder, file);
}

interface DecisionFile {
  release: Release;
  decision: Decision;
}

async function knownGood(values: Record<string, string | undefined>, deps: ReleaseDeps): Promise<number> {
  const inState = stateFolder(values);
  const environment = required(values, "environment");
  const release = await findLastKnownGood(deps.api(), environment, required(values, "stack"));
  writeFileSync(inState(stateFiles.knownGood), `${JSON.stringify({ release: release ?? null }, null, 2)}\n`);
  deps.log(
    release
      ? `last known-good release of ${environment}: ${release.commit} ${release.imageRef}`
      : `no release of ${environment} has passed its smoke test yet: a failing release cannot be rolled back`,
  );
  deps.write(
    outputs(
      release
        ? { found: "true", commit: release.commit, digest: release.digest, "image-ref": release.imageRef }
        : { found: "false", commit: "", digest: "", "image-ref": "" },
    ),
  );
  return 0;
}

function plan(values: Record<string, string | undefined>, deps: ReleaseDeps): number {
  const stack = required(values, "stack");
  const { stagingSlot, sourceVersion } = releasePlan(deps.readSettings(stack), deps.root);
  deps.log(
    `${stack}: ${stagingSlot ? "staging slot first, then production" : "one update"}${sourceVersion ? `, builds source ${sourceVersion}` : ""}`,
  );
  deps.write(outputs({ "staging-slot": String(stagingSlot), "source-version": sourceVersion ?? "" }));
  return 0;
}

function stageOf(values: Record<string, string | undefined>): Stage {
  const stage = required(values, "stage");
  if (stage !== "slot" && stage !== "production") throw new UsageError(`--stage must be slot or production, got ${stage}`);
  return stage;
}

async function decideStage(values: Record<string, string | undefined>, deps: ReleaseDeps): Promise<number> {
  const inState = stateFolder(values);
  const stage = stageOf(values);
  const environment = required(values, "environment");
  const release = releaseOf(required(values, "stack"), required(values, "commit"), required(values, "image-ref"));
  const smoke = readSmoke(inState(stateFiles.smoke(stage)));
  const known = readJson<{ release: Release | null }>(inState(stateFiles.knownGood));
  if (known === undefined) throw new Error(`no ${stateFiles.knownGood} in the state folder: run known-good before the update`);
  const decision = decide({ stage, smoke: smoke?.outcome, release, knownGood: known.release ?? undefined });
  deps.log(`${environment}, ${stage}: ${decision.reason}`);
  if (decision.record) {
    await recordRelease(deps.api(), release, {
      environment,
      state: decision.record,
      description: decision.reason,
      logUrl: runUrl(deps.env),
      environmentUrl: values.url,
    });
  }
  writeFileSync(inState(stateFiles.decision(stage)), `${JSON.stringify({ release, decision } satisfies DecisionFile, null, 2)}\n`);
  deps.write(outputs({ next: decision.next }));
  return 0;
}

async function recordRollback(values: Record<string, string | undefined>, deps: ReleaseDeps): Promise<number> {
  const inState = stateFolder(values);
  const environment = required(values, "environment");
  const known = readJson<{ release: Release | null }>(inState(stateFiles.knownGood))?.release;
  if (!known) throw new Error("no known-good release in the state folder: nothing was rolled back to");
  const release = releaseOf(required(values, "stack"), known.commit, required(values, "image-ref"), required(values, "commit"));
  if (release.digest !== known.digest) {
    throw new Error(`the rollback deployed ${release.digest}, not the known-good ${known.digest}: fix the stack by hand`);
  }
  const record = rollbackRecord(readSmoke(inState(stateFiles.smoke("rollback")))?.outcome);
  await recordRelease(deps.api(), release, {
    environment,
    state: record,
    description: `rollback to ${shortCommit(known.commit)} after ${shortCommit(release.rollbackOf!)} failed its smoke test`,
    logUrl: runUrl(deps.env),
    environmentUrl: values.url,
  });
  writeFileSync(inState(stateFiles.rollback), `${JSON.stringify({ release, record }, null, 2)}\n`);
  deps.log(`${environment} rolled back to ${known.commit}: its smoke test ${record === "success" ? "passed" : "did not pass"}`);
  return 0;
}

function report(values: Record<string, string | undefined>, deps: ReleaseDeps): number {
  const inState = stateFolder(values);
  const decisions: ReleaseReport["decisions"] = {};
  let release: Release | undefined;
  for (const stage of ["slot", "production"] as const) {
    const file = readJson<DecisionFile>(inState(stateFiles.decision(stage)));
    if (file) {
      decisions[stage] = file.decision;
      release = file.release;
    }
  }
  const known = readJson<{ release: Release | null }>(inState(stateFiles.knownGood));
  const smoke: ReleaseReport["smoke"] = {};
  for (const stage of ["slot", "production", "rollback"] as const) {
    const result = readSmoke(inState(stateFiles.smoke(stage)));
    if (result) smoke[stage] = result;
  }
  const { markdown, passed } = releaseSummary({
    environment: required(values, "environment"),
    commit: required(values, "commit"),
    release,
    knownGood: known === undefined ? undefined : known.release,
    smoke,
    decisions,
    rollback: readJson(inState(stateFiles.rollback)),
  });
  deps.write(`${markdown}\n`);
  return passed ? 0 : 1;
}

export async function main(argv: string[], deps: ReleaseDeps): Promise<number> {
  const [command, ...rest] = argv;
  try {
    let values: Record<string, string | undefined>;
    try {
      values = parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    switch (command) {
      case "known-good":
        return await knownGood(values, deps);
      case "plan":
        return plan(values, deps);
      case "decide":
        return await decideStage(values, deps);
      case "record-rollback":
        return await recordRollback(values, deps);
      case "report":
        return report(values, deps);
      default:
        throw new UsageError(`unknown command "${command ?? ""}"`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    deps.log(`${error.message}\n\n${usage}`);
    return 2;
  }
}

if (require.main === module) {
  const deps: ReleaseDeps = {
    env: process.env,
    write: (text) => process.stdout.write(text),
    log: (line) => console.error(line),
    api: () =>
      githubApi({
        apiUrl: process.env.GITHUB_API_URL ?? "https://api.github.com",
        repository: process.env.GITHUB_REPOSITORY ?? "",
        token: process.env.GITHUB_TOKEN ?? "",
      }),
    readSettings: (stack) => readStackSettings(stack),
    root: repositoryRoot,
  };
  main(process.argv.slice(2), deps).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
