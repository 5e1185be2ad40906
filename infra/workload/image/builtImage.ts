import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { acrPushCredentials } from "./acrPushCredentials";
import { contentHash, contentTag } from "./contentTag";
import { parseDigestRef } from "./imageRef";

export interface BuiltImageArgs {
  repository: string;
  context: string;
  dockerfile: string;
  platform: string;
  registryLoginServer: pulumi.Input<string>;
}

/**
 * Build metadata derived from the content only, so identical content builds the same digest. SOURCE_DATE_EPOCH pins
 * the created timestamps of the image config and history (moby/buildkit docs/build-repro.md); labels would land in the
 * config, a run number in a build arg would too.
 */
export function reproducibleBuildArgs(sourceHash: string): Record<string, string> {
  return { SOURCE_DATE_EPOCH: "0", BUILD_NUMBER: contentTag(sourceHash), SOURCE_VERSION: sourceHash };
}

/** Builds app/Dockerfile (on preview too), pushes it to this stack's registry tagged by content and exposes the pushed digest. */
export class BuiltImage extends pulumi.ComponentResource {
  /** `<registry>/<repository>@sha256:...` */
  readonly imageRef: pulumi.Output<string>;

  constructor(name: string, args: BuiltImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:image:BuiltImage", name, {}, opts);
    const sourceHash = contentHash({ context: args.context, dockerfile: args.dockerfile });
    const loginServer = pulumi.output(args.registryLoginServer);
    const repository = pulumi.interpolate`${loginServer}/${args.repository}`;
    const cacheRef = pulumi.interpolate`${repository}:buildcache`;
    const image = new dockerBuild.Image(
      `${name}-image`,
      {
        context: { location: args.context },
        dockerfile: { location: args.dockerfile },
        platforms: [args.platform as dockerBuild.Platform],
        tags: [pulumi.interpolate`${repository}:${contentTag(sourceHash)}`],
        buildArgs: reproducibleBuildArgs(sourceHash),
        push: true,
        // A broken Dockerfile fails the PR preview; a preview never pushes the image (pulumi-docker-build provider/internal/image.go).
        buildOnPreview: true,
        cacheFrom: [{ registry: { ref: cacheRef } }],
        // A preview still exports the cache but holds no push token: ignoreError keeps that from failing the preview.
        cacheTo: [
          { registry: { ref: cacheRef, mode: dockerBuild.CacheMode.Max, imageManifest: true, ociMediaTypes: true, ignoreError: true } },
        ],
        registries: [acrPushCredentials(loginServer)],
      },
      // Its delete would remove the pushed digest from the registry (pulumi/pulumi-docker-build
      // provider/internal/client.go Delete), and a rollback drops the build while it runs an older digest, possibly this one.
      { parent: this, retainOnDelete: true },
    );
    this.imageRef = pulumi.all([repository, image.digest]).apply(([repo, digest]) => {
      // A preview build exports nothing, so it has no digest yet.
      if (!digest && pulumi.runtime.isDryRun()) return pulumi.unknown as unknown as string;
      const ref = `${repo}@${digest}`;
      parseDigestRef(ref);
      return ref;
    });
    this.registerOutputs({ imageRef: this.imageRef });
  }
}
