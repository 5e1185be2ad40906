import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { formatDigestRef, parseDigestRef } from "./imageRef";

export interface PromotedImageArgs {
  /** `<organization>/<project>/<stack>` of the stack that built the image. */
  fromStack: string;
  repository: string;
  registryName: pulumi.Input<string>;
  registryLoginServer: pulumi.Input<string>;
}

/**
 * Promotes the exact image another stack deployed: reads its `imageRef` (by digest), imports that manifest
 * into this stack's registry with `az acr import` (which keeps the digest) and deploys the same digest.
 * Never builds.
 */
export class PromotedImage extends pulumi.ComponentResource {
  readonly sourceImageRef: pulumi.Output<string>;
  readonly imageRef: pulumi.Output<string>;

  constructor(name: string, args: PromotedImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:image:PromotedImage", name, {}, opts);
    const source = new pulumi.StackReference(`${name}-source`, { name: args.fromStack }, { parent: this });
    this.sourceImageRef = source.requireOutput("imageRef").apply((ref) => {
      const text = String(ref);
      parseDigestRef(text);
      return text;
    });
    const parsed = this.sourceImageRef.apply(parseDigestRef);
    const tag = parsed.apply((ref) => `${ref.repository}:promoted-${ref.digest.slice("sha256:".length, "sha256:".length + 12)}`);
    const importImage = new command.local.Command(
      `${name}-import`,
      {
        // Same tenant: the deploying identity needs AcrPull on the source registry and AcrPush (or Contributor) on this one.
        create: pulumi.interpolate`az acr import --name ${args.registryName} --source ${this.sourceImageRef} --image ${tag} --force`,
        triggers: [this.sourceImageRef],
      },
      { parent: this },
    );
    this.imageRef = pulumi
      .all([args.registryLoginServer, parsed, importImage.stdout])
      .apply(([loginServer, ref]) => formatDigestRef({ registry: loginServer, repository: ref.repository, digest: ref.digest }));
    this.registerOutputs({ sourceImageRef: this.sourceImageRef, imageRef: this.imageRef });
  }
}
