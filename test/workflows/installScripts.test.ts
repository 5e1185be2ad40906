// Install scripts run only where package.json's allowScripts says `true`, wherever the code is installed: CI, the
// deploying jobs and the image build. Node 22 bundles npm 10.9, which ignores allowScripts (npm/cli: the field arrived
// in 11.16.0 as a warning and is enforced from 12.0.0), so every install passes --ignore-scripts and then rebuilds exactly
// the allowed packages.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDockerfile } from "../support/dockerfile";
import { actionFiles, allJobs, readYaml, stepsOf, type CompositeAction } from "./workflow-files";

const rootPackage = JSON.parse(readFileSync("package.json", "utf8")) as { allowScripts: Record<string, boolean> };
const lockfile = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, { hasInstallScript?: boolean; link?: boolean }>;
};
const allowed = Object.entries(rootPackage.allowScripts)
  .filter(([, allow]) => allow)
  .map(([name]) => name)
  .sort();

/** Every package of the lockfile whose tarball has an install script (preinstall, install or postinstall). */
const withInstallScripts = [
  ...new Set(
    Object.entries(lockfile.packages)
      .filter(([path, entry]) => path !== "" && entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)),
  ),
].sort();

/** The shell commands of every workflow job (composite actions expanded) and of the image build. */
const ciCommands = [
  ...allJobs().flatMap(({ job }) => stepsOf(job)),
  ...actionFiles.flatMap((file) => readYaml<CompositeAction>(file).runs.steps),
].flatMap((step) => (step.run ? step.run.split("\n").map((line) => line.trim()) : []));
const imageCommands = readDockerfile("app/Dockerfile")
  .stages.flatMap((stage) => stage.instructions)
  .filter((instruction) => instruction.keyword === "RUN")
  .flatMap((instruction) => instruction.args.split("&&").map((command) => command.trim()));

const installs = (commands: string[]) => commands.filter((command) => /^npm (ci|install|i)\b/.test(command));
const rebuilt = (commands: string[]) =>
  commands.flatMap((command) =>
    /^npm rebuild\b/.test(command)
      ? command
          .split(/\s+/)
          .slice(2)
          .filter((word) => !word.startsWith("-"))
      : [],
  );

describe("npm install scripts", () => {
  it("allowScripts decides for exactly the lockfile's packages that have install scripts", () => {
    expect(withInstallScripts.length).toBeGreaterThan(0);
    expect(Object.keys(rootPackage.allowScripts).sort()).toEqual(withInstallScripts);
  });

  it("every install in CI, in the deploying jobs and in the image build runs no script at all", () => {
    const all = [...installs(ciCommands), ...installs(imageCommands)];
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const command of all) expect(command).toMatch(/--ignore-scripts\b/);
  });

  it("CI and the deploying jobs then rebuild exactly the allowed packages", () => {
    const rebuilds = ciCommands.filter((command) => /^npm rebuild\b/.test(command));
    expect(rebuilds.length).toBe(installs(ciCommands).length);
    for (const command of rebuilds) expect(rebuilt([command]).sort()).toEqual(allowed);
  });

  it("the image build rebuilds only allowed packages", () => {
    const packages = rebuilt(imageCommands);
    expect(packages.length).toBeGreaterThan(0);
    for (const name of packages) expect(allowed).toContain(name);
  });
});
