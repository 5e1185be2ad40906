// The post-deploy smoke test: `npx tsx tools/smoke/cli.ts --url <API base> ...` (usage in ./args.ts). One script for the
// dev deployment, the prod promotion, the staging slot, a rollback and the local container.
import { randomBytes, randomInt } from "node:crypto";
import { appendFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { parseSmokeArgs, usage, UsageError, type SmokeCommand } from "./args";
import { credentialsFor, workloadIdentity, type CredentialFactory } from "./credentials";
import { createRequest, isAnonymous } from "./http";
import type { Clock } from "./poll";
import { exitCodes, inconclusive, smokeMarkdown, type SmokeResult } from "./result";
import { runSmoke } from "./run";

export interface SmokeDeps {
  env: NodeJS.ProcessEnv;
  write: (line: string) => void;
  writeFile: (path: string, text: string) => void;
  appendFile: (path: string, text: string) => void;
  fetch: typeof fetch;
  clock: Clock;
  credentialFactory: CredentialFactory;
  /** Digits the chaining orchestration echoes back, and a random 32-hex instance id. */
  marker: () => string;
  unknownInstanceId: () => string;
}

async function smoke(command: SmokeCommand, deps: SmokeDeps): Promise<SmokeResult> {
  let credentials;
  try {
    credentials = await credentialsFor(command.credentials, deps.env, deps.credentialFactory);
  } catch (error) {
    return inconclusive(command.apiBase, (error as Error).message);
  }
  const request = createRequest(credentials, command.requestSeconds * 1000, deps.fetch);
  const settings = {
    apiBase: command.apiBase,
    authenticated: !isAnonymous(credentials),
    readySeconds: command.readySeconds,
    orchestrationSeconds: command.orchestrationSeconds,
    queryDays: command.queryDays,
    marker: deps.marker(),
    expectSourceVersion: command.expectSourceVersion,
    unknownInstanceId: deps.unknownInstanceId(),
  };
  try {
    return await runSmoke(settings, request, deps.clock);
  } catch (error) {
    return inconclusive(command.apiBase, `the smoke test itself failed: ${(error as Error).stack ?? String(error)}`);
  }
}

export async function main(argv: string[], deps: SmokeDeps): Promise<number> {
  let command: SmokeCommand;
  try {
    command = parseSmokeArgs(argv, deps.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    deps.write(`${error.message}\n\n${usage}`);
    return exitCodes.inconclusive;
  }
  const result = await smoke(command, deps);
  for (const check of result.checks) deps.write(`${check.passed ? "passed" : "FAILED"} ${check.name}: ${check.detail}`);
  if (result.error) deps.write(`could not run: ${result.error}`);
  deps.write(`smoke test of ${command.apiBase}: ${result.outcome}`);
  if (command.resultFile) deps.writeFile(command.resultFile, `${JSON.stringify(result, null, 2)}\n`);
  if (command.summaryFile) deps.appendFile(command.summaryFile, `${smokeMarkdown(result, command.label)}\n`);
  return exitCodes[result.outcome];
}

if (require.main === module) {
  const deps: SmokeDeps = {
    env: process.env,
    write: (line) => console.log(line),
    writeFile: (path, text) => writeFileSync(path, text),
    appendFile: (path, text) => appendFileSync(path, text),
    fetch,
    clock: { now: Date.now, sleep: (milliseconds) => sleep(milliseconds) },
    credentialFactory: workloadIdentity,
    marker: () => String(randomInt(100_000_000, 1_000_000_000)),
    unknownInstanceId: () => randomBytes(16).toString("hex"),
  };
  main(process.argv.slice(2), deps).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(exitCodes.inconclusive);
    },
  );
}
