import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { secretConfigKeys, stackConfigSchema } from "../../../infra/config/schema";
import { repositoryRoot } from "../../../tools/render/stackConfig";

// The README's configuration reference must list every key the program accepts.
const readme = readFileSync(path.join(repositoryRoot, "README.md"), "utf8");
const configurationSection = readme.split(/^## /m).find((section) => section.startsWith("Configuration"))!;
const configTableKeys = [...configurationSection.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]!);

function leafKeys(schema: z.ZodType, prefix = ""): string[] {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodObject)) return [prefix];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, value]) =>
    leafKeys(value, prefix ? `${prefix}.${key}` : key),
  );
}

describe("README", () => {
  it("lists exactly the config keys the program accepts, each once", () => {
    const keys = [...leafKeys(stackConfigSchema), ...secretConfigKeys];
    expect(keys.length).toBeGreaterThan(50);
    expect([...configTableKeys].sort()).toEqual([...keys].sort());
  });

  it("shows `pulumi config set --secret` for each secret", () => {
    for (const key of secretConfigKeys) expect(readme).toMatch(new RegExp(`pulumi config set [^\\n]*--secret ${key}`));
  });

  it("names npm scripts that exist", () => {
    const scripts = (JSON.parse(readFileSync(path.join(repositoryRoot, "package.json"), "utf8")) as { scripts: Record<string, string> })
      .scripts;
    const used = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((script) => !(script in scripts))).toEqual([]);
  });
});
