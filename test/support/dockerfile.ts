// A small reader for the Dockerfile instructions the image tests check (no Docker engine on this machine).
import { readFileSync } from "node:fs";

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly from: string;
  readonly alias?: string;
  readonly instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  readonly globalArgs: Record<string, string>;
  readonly stages: Stage[];
}

/** Joins `\`-continued lines, drops comments and blank lines, splits each instruction into keyword and arguments. */
function instructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("#") || trimmed === "") continue;
    current += ` ${trimmed.endsWith("\\") ? trimmed.slice(0, -1) : trimmed}`;
    if (!trimmed.endsWith("\\")) {
      logical.push(current.trim());
      current = "";
    }
  }
  return logical.map((line) => {
    const [keyword = "", ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });
}

export function readDockerfile(path: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions(readFileSync(path, "utf8"))) {
    if (instruction.keyword === "FROM") {
      const [from = "", , alias] = instruction.args.split(/\s+/);
      stages.push({ from: from.replace(/^\$\{(\w+)\}$/, (_m, name: string) => globalArgs[name] ?? from), alias, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === "ARG") {
      const [name = "", value = ""] = instruction.args.split("=", 2);
      globalArgs[name] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** ENV values of a stage, from both `ENV a=b c=d` and `ENV a b` forms. */
export function stageEnvironment(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== "ENV") continue;
    const pairs = args.match(/(\w+)=("[^"]*"|\S+)/g);
    if (pairs) for (const pair of pairs) env[pair.slice(0, pair.indexOf("="))] = pair.slice(pair.indexOf("=") + 1).replace(/^"|"$/g, "");
    else {
      const [name = "", ...value] = args.split(/\s+/);
      env[name] = value.join(" ");
    }
  }
  return env;
}

/** Sources of the COPY instructions that read from the build context (not --from another stage). */
export function contextCopySources(stage: Stage): string[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === "COPY" && !instruction.args.includes("--from="))
    .flatMap((instruction) =>
      instruction.args
        .split(/\s+/)
        .filter((part) => !part.startsWith("--"))
        .slice(0, -1),
    );
}
