// A rollback of a building stack (dev) redeploys the digest of its last known-good release from its own registry:
// `image.digest` on a building stack deploys that digest and builds nothing, and no update ever deletes a pushed digest.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../infra/config";
import { manifest, ofType, programRun } from "../../../support/programRuns";
import { runProgram } from "../../../../tools/render/runProgram";

const buildType = "docker-build:index:Image";
const knownGood = `sha256:${"c".repeat(64)}`;

describe("image.digest on a building stack (the rollback of dev)", () => {
  it("deploys that digest from the stack's own registry and registers no build", async () => {
    const run = await runProgram({ stack: "dev", config: { image: { digest: knownGood } } });
    expect(run.settings.image).toMatchObject({ kind: "build", digest: knownGood });
    expect(ofType(run, buildType)).toEqual([]);
    const pinned = `${String(run.outputs.registryLoginServer)}/durable-app@${knownGood}`;
    expect(run.outputs.imageRef).toBe(pinned);
    const { spec } = manifest(run, "Deployment") as unknown as { spec: { template: { spec: { containers: Array<{ image: string }> } } } };
    const containers = spec.template.spec.containers;
    expect(containers.map((container) => container.image)).toContain(pinned);
  });

  it("refuses a value that is not a digest, naming the key", async () => {
    const error = await runProgram({ stack: "dev", config: { image: { digest: "latest" } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain("durable-aks:image.digest");
  });
});

describe("the built image is retained on delete", () => {
  // docker-build's Delete removes the pushed digest from the registry (pulumi/pulumi-docker-build
  // provider/internal/client.go Delete: ManifestDelete), and the rollback above drops the build from the program.
  it("so dropping the build never deletes a digest a release (or its rollback) runs", async () => {
    const images = ofType(await programRun("dev"), buildType);
    expect(images).toHaveLength(1);
    expect(images[0]!.options.retainOnDelete).toBe(true);
  });
});
