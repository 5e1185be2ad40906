import { readFileSync } from "node:fs";
import { z } from "zod";
import { expect, it } from "vitest";
import { bootstrapConfigSchema } from "../../bootstrap/config/schema";

// The deploy guide's bootstrap configuration documents every bootstrap config key exactly once (the stacks map as stacks.<stack>.<key>).
const guide = readFileSync("docs/deploy.md", "utf8");
const configurationSection = guide.split(/^### /m).find((section) => section.startsWith("Bootstrap configuration"))!;
const documented = [...configurationSection.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]!);

function leafKeys(schema: z.ZodType, prefix = ""): string[] {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  const join = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (inner instanceof z.ZodRecord && inner.valueType instanceof z.ZodObject) return leafKeys(inner.valueType, join("<stack>"));
  if (!(inner instanceof z.ZodObject)) return [prefix];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, value]) => leafKeys(value, join(key)));
}

it("the deploy guide lists exactly the bootstrap's config keys, each once", () => {
  const keys = leafKeys(bootstrapConfigSchema);
  expect(keys).toContain("stacks.<stack>.deployer");
  expect([...documented].sort()).toEqual([...keys].sort());
});
