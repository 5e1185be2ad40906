import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { acrPushCredentials } from "./acrPushCredentials";
import { buildMetadata, parseDigestRef } from "./imageRef";

export interface BuiltImageArgs {
  repository: string;
  context: string;
  dockerfile: string;
  platform: string;
  registryLoginServer: pulumi.Input<string>;
}

/** Builds app/Dockerfile once, pushes it to this stack's registry and exposes the pushed digest. */
export class BuiltImage extends pulumi.ComponentResource {
  /** `<registry>/<repository>@sha256:...` */
  readonly imageRef: pulumi.Output<string>;

  constructor(name: string, args: BuiltImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:image:BuiltImage", name, {}, opts);
    const { buildNumber, sourceVersion } = buildMetadata();
    const loginServer = pulumi.output(args.registryLoginServer);
    const image = new docker.Image(
      `${name}-image`,
      {
        imageName: pulumi.interpolate`${loginServer}/${args.repository}:${buildNumber}`,
        build: {
          context: args.context,
          dockerfile: args.dockerfile,
          platform: args.platform,
          args: { BUILD_NUMBER: buildNumber, SOURCE_VERSION: sourceVersion },
        },
        registry: acrPushCredentials(loginServer),
      },
      { parent: this },
    );
    this.imageRef = image.repoDigest.apply((ref) => {
      parseDigestRef(ref);
      return ref;
    });
    this.registerOutputs({ imageRef: this.imageRef });
  }
}
