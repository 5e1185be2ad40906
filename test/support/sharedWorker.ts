import { afterAll, vi } from "vitest";

// Setup of the test files that share a worker process (vitest.config.mts): whatever a file stubbed or faked in vitest
// is undone when it ends, so the next file in the process starts from the real environment, clock and functions.
afterAll(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.restoreAllMocks();
});
