import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { secretConfigKeys, stackConfigSchema } from "../../../infra/config/schema";
import { repositoryRoot } from "../../../tools/render/stackConfig";

// The configuration reference (docs/configuration.md) must list every key the program accepts.
const reference = readFileSync(path.join(repositoryRoot, "docs", "configuration.md"), "utf8");
const configTableKeys = [...reference.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]!);
// Every page a reader follows: the README, the app's page and docs/.
const pages = [
  "README.md",
  path.join("app", "README.md"),
  ...readdirSync(path.join(repositoryRoot, "docs")).map((page) => path.join("docs", page)),
];

function leafKeys(schema: z.ZodType, prefix = ""): string[] {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodObject)) return [prefix];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, value]) =>
    leafKeys(value, prefix ? `${prefix}.${key}` : key),
  );
}

describe("configuration reference", () => {
  it("lists exactly the config keys the program accepts, each once", () => {
    const keys = [...leafKeys(stackConfigSchema), ...secretConfigKeys];
    expect(keys.length).toBeGreaterThan(50);
    expect([...configTableKeys].sort()).toEqual([...keys].sort());
  });

  it("shows `pulumi config set --secret` for each secret", () => {
    for (const key of secretConfigKeys) expect(reference).toMatch(new RegExp(`pulumi config set [^\\n]*--secret ${key}`));
  });
});

describe("README and docs", () => {
  it.each(pages)("%s names npm scripts that exist", (page) => {
    const scripts = (JSON.parse(readFileSync(path.join(repositoryRoot, "package.json"), "utf8")) as { scripts: Record<string, string> })
      .scripts;
    const workspaceScripts = (
      JSON.parse(readFileSync(path.join(repositoryRoot, "app", "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    const text = readFileSync(path.join(repositoryRoot, page), "utf8");
    const missing = [...text.matchAll(/npm run ([\w:-]+)( --workspace app)?/g)].filter(
      ([, script, workspace]) => !(script! in (workspace ? workspaceScripts : scripts)),
    );
    expect(missing.map(([command]) => command)).toEqual([]);
  });
});
