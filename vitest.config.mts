import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Test files share their worker processes (isolate: false): the Pulumi providers and the policy SDK
// load once per worker instead of once per file, and a program run one file computed serves the next
// (test/support/programRuns.ts). Pulumi's mock runtime is process-global, but every run resets it (mocks, settings,
// config) and runs take turns (tools/render/runProgram.ts); test/tools/render/runProgram.test.ts shows two programs
// run in one process not seeing each other's resources or config. test/support/sharedWorker.ts undoes what a file may
// leave behind in vitest (stubbed environment, fake timers, spies). A file that changes process-wide state otherwise
// (a module stand-in, a re-imported module graph) gets a process of its own: see ownProcessFiles.
// The tests that need a fresh process: they load the entry module (which registers functions with the host's
// stand-in and reads the app settings once), stand in for a module with vi.mock, or stub settings that app modules read
// when they load. Shared, they would see the registrations and settings of the file before them.
const ownProcessFiles = [
  "test/app/bundle.test.ts",
  "test/app/registration.test.ts",
  "test/app/startupSettings.test.ts",
  "test/app/connection/tokenCredentials.test.ts",
  "test/app/http/backendUnavailable.test.ts",
  "test/app/http/httpFuzz.test.ts",
  "test/app/http/keyInHeaderOnly.test.ts",
  "test/app/http/submitQuery.test.ts",
  "test/app/integration/countActivity.azurite.test.ts",
  "test/app/maintenance/parkedInstances.test.ts",
  "test/app/maintenance/purgeHistory.test.ts",
  "test/app/query/queryRangeLimit.test.ts",
  "test/app/replay/breakingChange.test.ts",
  "test/app/replay/replayGate.test.ts",
  "test/app/replay/versionFixtures.test.ts",
];

export default defineConfig({
  test: {
    pool: "forks",
    // A worker per core: vitest's default for a run is one fewer (getDefaultMaxWorkers in vitest's dist), which on a
    // 2-core machine is a single worker while the main process idles.
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: ownProcessFiles,
          isolate: false,
          setupFiles: ["test/support/sharedWorker.ts"],
        },
      },
      { extends: true, test: { name: "isolated", include: ownProcessFiles } },
    ],
  },
});
