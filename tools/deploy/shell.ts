import { execFile } from "node:child_process";

export interface CommandResult {
  /** The exit code; undefined when the program could not be started (not installed). */
  code: number | undefined;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; the seam the tests replace. */
export type Runner = (program: string, args: readonly string[]) => Promise<CommandResult>;

export const runProgram: Runner = (program, args) =>
  new Promise((resolve) => {
    execFile(program, [...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : undefined) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });

/** The JSON a command printed, or undefined when it failed or printed something else. */
export async function runJson<T>(run: Runner, program: string, args: readonly string[]): Promise<T | undefined> {
  const result = await run(program, args);
  if (result.code !== 0) return undefined;
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    return undefined;
  }
}
