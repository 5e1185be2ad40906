// Dependabot proposes updates for everything the repository pins: Actions, npm (program, app and policy through the
// one workspace lockfile), the app's base images and the compose file's Azurite image.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readYaml } from "./workflow-files";

interface Update {
  "package-ecosystem": string;
  directory?: string;
  directories?: string[];
  schedule: { interval: string };
  ignore?: Array<{ "dependency-name": string; "update-types"?: string[] }>;
}

const config = readYaml<{ version: number; updates: Update[] }>(".github/dependabot.yml");
const entry = (ecosystem: string) => config.updates.find((update) => update["package-ecosystem"] === ecosystem);
const directoriesOf = (update: Update | undefined) => update?.directories ?? (update?.directory ? [update.directory] : []);
const local = (directory: string) => join(".", directory);

describe(".github/dependabot.yml", () => {
  it("is version 2 with one weekly entry per ecosystem", () => {
    expect(config.version).toBe(2);
    const ecosystems = config.updates.map((update) => update["package-ecosystem"]);
    expect(ecosystems.sort()).toEqual(["docker", "docker-compose", "github-actions", "npm"]);
    for (const update of config.updates) expect(update.schedule.interval).toBe("weekly");
  });

  it("npm: the root, whose one lockfile covers every workspace (a workspace directory of its own has no lockfile to update)", () => {
    expect(directoriesOf(entry("npm"))).toEqual(["/"]);
    const workspaces = (JSON.parse(readFileSync("package.json", "utf8")) as { workspaces: string[] }).workspaces;
    expect([...workspaces].sort()).toEqual(["app", "policy"]);
    expect(existsSync("package-lock.json")).toBe(true);
    for (const workspace of workspaces) expect(existsSync(join(workspace, "package-lock.json")), workspace).toBe(false);
  });

  it("docker and docker-compose: the directory of app/Dockerfile and app/docker-compose.yml", () => {
    expect(directoriesOf(entry("docker"))).toEqual(["/app"]);
    expect(existsSync(join(local("/app"), "Dockerfile"))).toBe(true);
    expect(directoriesOf(entry("docker-compose"))).toEqual(["/app"]);
    expect(existsSync(join(local("/app"), "docker-compose.yml"))).toBe(true);
  });

  it("keeps Node's major where the Functions base image has it (4-node22): no major bump of node, in npm or docker", () => {
    for (const ecosystem of ["npm", "docker"]) {
      expect(entry(ecosystem)?.ignore, ecosystem).toContainEqual({
        "dependency-name": "node",
        "update-types": ["version-update:semver-major"],
      });
    }
  });

  it("github-actions: the workflows and the repository's composite actions", () => {
    expect(directoriesOf(entry("github-actions"))).toEqual(["/", "/.github/actions/*"]);
  });
});
