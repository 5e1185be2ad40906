import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { formatDigestRef, parseDigestRef } from "./imageRef";

export interface PromotedImageArgs {
  /** `<organization>/<project>/<stack>` of the stack that built the image. */
  fromStack: string;
  /** Promote this digest of the source's repository instead of the one it deploys now (rollback). */
  digest?: string;
  registryName: pulumi.Input<string>;
  registryLoginServer: pulumi.Input<string>;
}

/**
 * Where the source digest lands in this stack's registry; throws for a source that is not pinned by digest.
 * `pinnedDigest` (rollback) replaces the digest the source stack deploys now, in the same registry and repository.
 */
export function promotion(sourceRef: string, loginServer: string, pinnedDigest?: string) {
  const current = parseDigestRef(sourceRef);
  const source = pinnedDigest ? { ...current, digest: pinnedDigest } : current;
  const shortDigest = source.digest.slice("sha256:".length, "sha256:".length + 12);
  return {
    sourceRef: formatDigestRef(source),
    importTag: `${source.repository}:promoted-${shortDigest}`,
    imageRef: formatDigestRef({ ...source, registry: loginServer }),
  };
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
    const plan = pulumi.all([source.requireOutput("imageRef"), args.registryLoginServer]).apply(([ref, loginServer]) => promotion(String(ref), loginServer, args.digest));
    this.sourceImageRef = plan.sourceRef;
    const importImage = new command.local.Command(
      `${name}-import`,
      {
        // Same tenant: the deploying identity needs AcrPull on the source registry and AcrPush on this one.
        create: pulumi.interpolate`az acr import --name ${args.registryName} --source ${plan.sourceRef} --image ${plan.importTag} --force`,
        triggers: [plan.sourceRef],
      },
      { parent: this },
    );
    this.imageRef = pulumi.all([plan.imageRef, importImage.id]).apply(([imageRef]) => imageRef);
    this.registerOutputs({ sourceImageRef: this.sourceImageRef, imageRef: this.imageRef });
  }
}
