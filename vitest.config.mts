import { defineConfig } from "vitest/config";

// The files that run Pulumi programs under the offline mocks share their worker processes (isolate: false): the
// providers load once per worker instead of once per file, and a run one file computed serves the next
// (test/support/programRuns.ts). Pulumi's mock runtime is process-global, but every run resets it (mocks, settings,
// config) and runs take turns (tools/render/runProgram.ts); test/tools/render/runProgram.test.ts shows two programs
// run in one process not seeing each other's resources or config. test/support/sharedWorker.ts undoes what a file may
// leave behind in vitest (stubbed environment, fake timers, spies).
const programFiles = ["test/infra/**/*.test.ts", "test/bootstrap/**/*.test.ts", "test/tools/render/**/*.test.ts"];

export default defineConfig({
  test: {
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "programs", include: programFiles, isolate: false, setupFiles: ["test/support/sharedWorker.ts"] },
      },
      // Every other file gets a fresh process: the app's tests stand in for the Functions worker's module, re-import
      // the app and stub its environment.
      { extends: true, test: { name: "isolated", include: ["test/**/*.test.ts"], exclude: programFiles } },
    ],
  },
});
