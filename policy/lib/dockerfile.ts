// Reads which base image a Dockerfile's built stage starts from, so the base image rule can look past the
// registry digest the workloads run to what was actually built.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

interface Stage {
  readonly image: string;
  readonly alias: string | undefined;
}

/**
 * The base image of the stage that gets built: `target` if given, else the last stage; a stage that starts
 * FROM an earlier stage is followed back to that stage's base. ARGs declared before the first FROM are
 * expanded with their defaults, overridden by the build args.
 */
export function builtBaseImage(dockerfile: string, buildArgs: ReadonlyMap<string, string>, target?: string): string | undefined {
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string>();
  for (const instruction of instructionsOf(dockerfile)) {
    const [keyword = "", ...rest] = instruction.split(/\s+/);
    if (keyword.toUpperCase() === "ARG" && stages.length === 0) {
      for (const declaration of rest) {
        const [name = "", defaultValue] = declaration.split("=", 2);
        globalArgs.set(name, buildArgs.get(name) ?? stripQuotes(defaultValue ?? ""));
      }
    }
    if (keyword.toUpperCase() === "FROM") {
      const words = rest.filter((word) => !word.startsWith("--"));
      const asIndex = words.findIndex((word) => word.toUpperCase() === "AS");
      stages.push({ image: expandArgs(words[0] ?? "", globalArgs), alias: asIndex >= 0 ? words[asIndex + 1]?.toLowerCase() : undefined });
    }
  }
  let stage = target === undefined ? stages.at(-1) : stages.find((candidate) => candidate.alias === target.toLowerCase());
  const visited = new Set<Stage>();
  while (stage !== undefined && !visited.has(stage)) {
    visited.add(stage);
    const image: string = stage.image;
    const earlier = stages.find((candidate) => candidate.alias === image.toLowerCase());
    if (earlier === undefined) return image;
    stage = earlier;
  }
  return undefined;
}

/**
 * Where docker would find the Dockerfile: dockerfile.location (default <context>/Dockerfile), relative to the
 * Pulumi project directory. The engine runs a policy pack from the pack's own directory, so the project
 * directory is found by walking up to Pulumi.yaml.
 */
export function dockerfileCandidates(dockerfile: string | undefined, context: string | undefined): string[] {
  const relativePath = dockerfile ?? join(context ?? ".", "Dockerfile");
  if (isAbsolute(relativePath)) return [relativePath];
  const bases = [process.cwd(), projectDirectory(process.cwd())].filter((base): base is string => base !== undefined);
  return [...new Set(bases.map((base) => resolve(base, relativePath)))];
}

export function readFirstExisting(paths: readonly string[]): { path: string; text: string } | undefined {
  const path = paths.find((candidate) => existsSync(candidate));
  return path === undefined ? undefined : { path, text: readFileSync(path, "utf8") };
}

function projectDirectory(start: string): string | undefined {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, "Pulumi.yaml"))) return directory;
    if (dirname(directory) === directory) return undefined;
  }
}

function instructionsOf(dockerfile: string): string[] {
  return dockerfile
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

function expandArgs(text: string, args: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g, (_match, braced?: string, fallback?: string, bare?: string) => {
    const value = args.get(braced ?? bare ?? "");
    return value !== undefined && value !== "" ? value : (fallback ?? "");
  });
}

function stripQuotes(value: string): string {
  return value.replace(/^["']|["']$/g, "");
}
