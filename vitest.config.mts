import { defineConfig } from "vitest/config";

// Test files in these folders share their worker processes (isolate: false): the Pulumi providers and the policy SDK
// load once per worker instead of once per file, and a program run one file computed serves the next
// (test/support/programRuns.ts). Pulumi's mock runtime is process-global, but every run resets it (mocks, settings,
// config) and runs take turns (tools/render/runProgram.ts); test/tools/render/runProgram.test.ts shows two programs
// run in one process not seeing each other's resources or config. test/support/sharedWorker.ts undoes what a file may
// leave behind in vitest (stubbed environment, fake timers, spies). A file that changes process-wide state otherwise
// (a module stand-in, a re-imported module graph) belongs in another folder.
const sharedWorkerFiles = ["infra", "bootstrap", "tools", "policy", "workflows"].map((folder) => `test/${folder}/**/*.test.ts`);

export default defineConfig({
  test: {
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "shared", include: sharedWorkerFiles, isolate: false, setupFiles: ["test/support/sharedWorker.ts"] },
      },
      // Every other file gets a fresh process: the app's tests stand in for the Functions worker's module, re-import
      // the app and stub its environment; the integration tests start Azurite.
      { extends: true, test: { name: "isolated", include: ["test/**/*.test.ts"], exclude: sharedWorkerFiles } },
    ],
  },
});
