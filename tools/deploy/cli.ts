// `npm run up -- ...` / `npm run down -- ...`: the deploy command on Pulumi's Automation API.
import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { repositoryRoot } from "../render/stackConfig";
import { parseCommand, UsageError } from "./args";
import { localAutomation } from "./automation";
import { bootstrap } from "./bootstrap";
import { exit, type Deps } from "./deps";
import { down } from "./down";
import { runProgram } from "./shell";
import { up } from "./up";

export async function main(verb: string, argv: string[], deps: Deps): Promise<number> {
  let command;
  try {
    command = parseCommand(verb, argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    deps.write(`${error.message}\n\n${error.usage}`);
    return exit.usage;
  }
  switch (command.kind) {
    case "help":
      deps.write(command.text);
      return exit.ok;
    case "bootstrap":
      return bootstrap(deps, command);
    case "up":
      return up(deps, command);
    case "down":
      return down(deps, command);
  }
}

async function ask(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await terminal.question(`${question} [y/N] `)).trim());
  } finally {
    terminal.close();
  }
}

if (require.main === module) {
  const deps: Deps = {
    run: runProgram,
    automation: localAutomation,
    write: (line) => console.log(line),
    ...(process.stdin.isTTY ? { ask } : {}),
    now: Date.now,
    every: (tick) => {
      const timer = setInterval(tick, 5_000);
      return () => clearInterval(timer);
    },
    root: repositoryRoot,
    writeFile: (path, text) => writeFileSync(path, text),
  };
  main(process.argv[2] ?? "", process.argv.slice(3), deps).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
