import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { ConfigError } from "../../infra/config";
import { helmReleases, kubernetesManifests, manifestFileName } from "./kubernetesManifests";
import { OutputFolderRefused, previousRenderFiles, replaceRenderFiles } from "./outputFolder";
import { reportPolicies } from "./policyReport";
import { renderBootstrap } from "./renderBootstrap";
import { formatPlan } from "./renderPlan";
import { bootstrapFolder } from "./runBootstrap";
import { runProgram, type ProgramRun } from "./runProgram";
import { repositoryRoot, setAtPath } from "./stackConfig";
import { validateManifests } from "./validateManifests";

const usage = `Usage: npm run render -- <stack> [--set key=value ...] [--out <folder>]
       npm run render -- --project bootstrap <stack> [--set key=value ...]

Runs the real Pulumi program for <stack> (Pulumi.<stack>.yaml) under Pulumi's mock runtime, with no Azure:
prints the plan, writes the Kubernetes manifests to <folder>/<stack>/ (default: out/render; a later render replaces
only the files it wrote, listed in .render-files.json), validates them against the Kubernetes schemas and runs the
policy pack. Secrets are placeholders; a required one missing from the stack file is named in the output.
  --set hosting=appService   override a project config key (value parsed as JSON when it can be); switching to
                             appService leaves the stack file's AKS-only keys out, and says which
  --set app.minReplicas=2    dotted paths set one nested value, as \`pulumi config set --path\` does
  --project bootstrap        render the one-time setup (bootstrap/Pulumi.<stack>.yaml) instead: plan, roles, policies`;

/** A wrong command line: the render prints it with the usage and the stacks there are, and exits 2. */
export class UsageError extends Error {}

/** The stacks a folder has a `Pulumi.<stack>.yaml` for. */
const stacksIn = (folder: string) =>
  readdirSync(folder)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();

const availableStacks = () =>
  `Stacks: ${stacksIn(repositoryRoot).join(", ")}; bootstrap stacks (--project bootstrap): ${stacksIn(bootstrapFolder).join(", ")}`;

/** `--set key=value` pairs as config overrides; dotted keys set one nested value, as `pulumi config set --path` does. */
export function parseOverrides(pairs: string[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at < 1) throw new UsageError(`--set expects key=value, got "${pair}"`);
    const text = pair.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // a plain string
    }
    try {
      setAtPath(overrides, pair.slice(0, at), value);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  return overrides;
}

/** Where the render departed from the stack file: said in its output, never silently. */
export function configChangeLines({ removedForHosting }: ProgramRun["configChanges"]): string[] {
  if (!removedForHosting.length) return [];
  return [
    `--set hosting=appService: left out the stack file's AKS-only keys ${removedForHosting.join(", ")} (config refuses them with App Service)`,
  ];
}

/** The files the render writes for a stack: each Kubernetes object, each Helm release's values. */
function renderFiles(manifests: ReturnType<typeof kubernetesManifests>, releases: ReturnType<typeof helmReleases>) {
  const files = new Map<string, string>();
  for (const manifest of manifests) files.set(manifestFileName(manifest), YAML.stringify(manifest));
  for (const release of releases) files.set(`helm/${String(release.name)}.values.yaml`, YAML.stringify(release));
  return files;
}

/** The required secrets the stack file lacks: rendered with placeholders, and said so. */
function placeholderLines({ placeholderSecrets }: ProgramRun["configChanges"], stack: string): string[] {
  return placeholderSecrets.map((key) => {
    const name = key.replace(/^.*:/, "");
    return `Secret ${key} is not in Pulumi.${stack}.yaml: rendered with a placeholder (set it with pulumi config set --secret ${name} <value> where the stack needs it)`;
  });
}

function usageFailure(message: string): number {
  console.error(`npm run render: ${message}`);
  console.error("");
  console.error(usage);
  console.error("");
  console.error(availableStacks());
  return 2;
}

/** Runs the main program for a stack with config merged in: runProgram, or a test's shared runs of it. */
export type ProgramRunner = (options: { stack: string; config: Record<string, unknown> }) => Promise<ProgramRun>;

export async function render(argv: string[], run: ProgramRunner = runProgram): Promise<number> {
  try {
    return await renderChecked(argv, run);
  } catch (error) {
    if (error instanceof UsageError || error instanceof OutputFolderRefused) return usageFailure(error.message);
    throw error;
  }
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: { set: { type: "string", multiple: true }, out: { type: "string" }, project: { type: "string" }, help: { type: "boolean" } },
    });
  } catch (error) {
    // node:util parseArgs names the unknown option or the missing value.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function renderChecked(argv: string[], runner: ProgramRunner): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) {
    console.log(usage);
    console.log("");
    console.log(availableStacks());
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(positionals.length ? `one stack, got ${positionals.length}: ${positionals.join(" ")}` : "name a stack");
  const stack = positionals[0]!;
  if (values.project !== undefined && values.project !== "bootstrap")
    throw new UsageError(`--project takes "bootstrap" (the main program needs no flag), got "${values.project}"`);
  const folderOfStacks = values.project === "bootstrap" ? bootstrapFolder : repositoryRoot;
  const stackFile = path.join(folderOfStacks, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile)) throw new UsageError(`no stack "${stack}": ${path.relative(repositoryRoot, stackFile)} does not exist`);
  const overrides = parseOverrides(values.set ?? []);
  if (values.project === "bootstrap") return renderBootstrap(stack, overrides);

  const folder = path.resolve(values.out ?? "out/render", stack);
  const previous = await previousRenderFiles(folder);
  const run = await runner({ stack, config: overrides });
  const manifests = kubernetesManifests(run.resources);
  const releases = helmReleases(run.resources);
  console.log(formatPlan({ ...run, manifests, releases }));
  const notes = [...configChangeLines(run.configChanges), ...placeholderLines(run.configChanges, stack)];
  if (notes.length) console.log(["", ...notes.filter(Boolean)].join("\n"));

  await replaceRenderFiles(folder, previous, renderFiles(manifests, releases));
  const problems = await validateManifests(manifests);
  console.log("");
  console.log(
    `Kubernetes manifests: ${manifests.length} written to ${path.relative(process.cwd(), folder) || "."}/, ${problems.length ? `${problems.length} INVALID` : "all valid against the Kubernetes schemas"}`,
  );
  for (const problem of problems) console.error(`  ✗ ${problem.manifest}: ${problem.problem}`);

  const mandatory = reportPolicies(run.resources, { stack, project: run.settings.project });
  return problems.length || mandatory ? 1 : 0;
}

if (require.main === module) {
  render(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(2);
      }
      console.error(error);
      process.exit(1);
    },
  );
}
