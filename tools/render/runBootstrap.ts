import * as path from "node:path";
import { loadBootstrapSettings, type BootstrapSettings } from "../../bootstrap/config";
import { createBootstrap } from "../../bootstrap/program";
import { runUnderMocks, takeTurns, type MockedRun, type RunProgramOptions } from "./runProgram";
import { projectName, repositoryRoot } from "./stackConfig";

export const bootstrapFolder = path.join(repositoryRoot, "bootstrap");

export type BootstrapRun = MockedRun<BootstrapSettings>;

/** Runs bootstrap/ for a stack (`bootstrap/Pulumi.<stack>.yaml`) under the same mocks as the main program. */
export function runBootstrap(options: RunProgramOptions): Promise<BootstrapRun> {
  const configFile = options.configFile ?? path.join(bootstrapFolder, `Pulumi.${options.stack}.yaml`);
  return takeTurns(() =>
    runUnderMocks(
      { ...options, project: projectName(bootstrapFolder), configFile, requiredSecretKeys: [] },
      loadBootstrapSettings,
      createBootstrap,
    ),
  );
}
