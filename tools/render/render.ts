import { mkdir, rm, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { ConfigError } from "../../infra/config";
import { helmReleases, kubernetesManifests, manifestFileName } from "./kubernetesManifests";
import { reportPolicies } from "./policyReport";
import { renderBootstrap } from "./renderBootstrap";
import { formatPlan } from "./renderPlan";
import { runProgram, type ProgramRun } from "./runProgram";
import { setAtPath } from "./stackConfig";
import { validateManifests } from "./validateManifests";

const usage = `Usage: npm run render -- <stack> [--set key=value ...] [--out <folder>]
       npm run render -- --project bootstrap <stack> [--set key=value ...]

Runs the real Pulumi program for <stack> (Pulumi.<stack>.yaml) under Pulumi's mock runtime, with no Azure:
prints the plan, writes the Kubernetes manifests to <folder>/<stack>/ (default: out/render), validates them
against the Kubernetes schemas and runs the policy pack. Secrets are placeholders.
  --set hosting=appService   override a project config key (value parsed as JSON when it can be)
  --set app.minReplicas=2    dotted paths set one nested value, as \`pulumi config set --path\` does
  --project bootstrap        render the one-time setup (bootstrap/Pulumi.<stack>.yaml) instead: plan, roles, policies`;

/** `--set key=value` pairs as config overrides; dotted keys set one nested value, as `pulumi config set --path` does. */
export function parseOverrides(pairs: string[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at < 1) throw new Error(`--set expects key=value, got "${pair}"`);
    const text = pair.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // a plain string
    }
    setAtPath(overrides, pair.slice(0, at), value);
  }
  return overrides;
}

/** Where the render departed from the stack file: said in its output, never silently. */
export function configChangeLines({ removedForHosting }: ProgramRun["configChanges"]): string[] {
  if (!removedForHosting.length) return [];
  return [
    "",
    `--set hosting=appService: left out the stack file's AKS-only keys ${removedForHosting.join(", ")} (config refuses them with App Service)`,
  ];
}

async function writeManifests(
  folder: string,
  manifests: ReturnType<typeof kubernetesManifests>,
  releases: ReturnType<typeof helmReleases>,
) {
  await rm(folder, { recursive: true, force: true });
  await mkdir(path.join(folder, "helm"), { recursive: true });
  for (const manifest of manifests) await writeFile(path.join(folder, manifestFileName(manifest)), YAML.stringify(manifest));
  for (const release of releases)
    await writeFile(path.join(folder, "helm", `${String(release.name)}.values.yaml`), YAML.stringify(release));
}

export async function render(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { set: { type: "string", multiple: true }, out: { type: "string" }, project: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help || positionals.length !== 1) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const stack = positionals[0]!;
  if (values.project === "bootstrap") return renderBootstrap(stack, parseOverrides(values.set ?? []));
  if (values.project !== undefined)
    throw new Error(`--project takes "bootstrap" (the main program needs no flag), got "${values.project}"`);
  const run = await runProgram({ stack, config: parseOverrides(values.set ?? []) });
  const manifests = kubernetesManifests(run.resources);
  const releases = helmReleases(run.resources);
  console.log(formatPlan({ ...run, manifests, releases }));
  for (const line of configChangeLines(run.configChanges)) console.log(line);

  const folder = path.resolve(values.out ?? "out/render", stack);
  await writeManifests(folder, manifests, releases);
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
