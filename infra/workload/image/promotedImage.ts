import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { azCliScript } from "../../lib/azCliScript";
import { formatDigestRef, parseDigestRef } from "./imageRef";

export interface PromotedImageArgs {
  /** `<organization>/<project>/<stack>` of the stack that built the image. */
  fromStack: string;
  /** This stack, `<organization>/<project>/<stack>`: without `digest` it keeps the digest it already runs. */
  ownStack: string;
  /** The digest to promote (set by the promotion workflow, or by hand for a rollback). */
  digest?: string;
  registryName: pulumi.Input<string>;
  registryLoginServer: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  /** This stack's registry: `az acr import` runs in its subscription. */
  registryId: pulumi.Input<string>;
}

/**
 * The digest this update deploys: the one asked for, else the one this stack already runs (its last `imageRef`),
 * so a preview or a hand-run update never moves the image. A stack that runs nothing yet must be told.
 */
export function promotedDigest(requested: string | undefined, runningRef: unknown): string {
  if (requested) return requested;
  if (typeof runningRef === "string" && runningRef !== "") return parseDigestRef(runningRef).digest;
  throw new Error(
    "image.digest is not set and this stack runs no image yet (it has no imageRef output): the first promotion must name the digest " +
      "(the promotion workflow sets image.digest; by hand: pulumi config set --path 'image.digest' sha256:<64 hex>)",
  );
}

/**
 * Where the source digest lands in this stack's registry; throws for a source that is not pinned by digest.
 * `digest` replaces the digest the source stack deploys now, in the same registry and repository.
 */
export function promotion(sourceRef: string, loginServer: string, digest?: string) {
  const current = parseDigestRef(sourceRef);
  const source = digest ? { ...current, digest } : current;
  const shortDigest = source.digest.slice("sha256:".length, "sha256:".length + 12);
  return {
    /** `<repository>@<digest>`: with `--registry <id>` the source image is named without its login server (azure-cli acr/import.py). */
    sourceImage: `${source.repository}@${source.digest}`,
    importTag: `${source.repository}:promoted-${shortDigest}`,
    imageRef: formatDigestRef({ ...source, registry: loginServer }),
  };
}

const importScript = azCliScript(
  `az acr import --subscription "$TARGET_SUBSCRIPTION" --resource-group "$TARGET_RESOURCE_GROUP" --name "$TARGET_REGISTRY" --registry "$SOURCE_REGISTRY_ID" --source "$SOURCE_IMAGE" --image "$TARGET_TAG" --force`,
);

/**
 * Promotes an image another stack deployed, by digest: imports that manifest from the source stack's registry (named
 * by resource id) into this stack's registry with `az acr import`, which keeps the digest, and deploys the same digest.
 * Never builds.
 */
export class PromotedImage extends pulumi.ComponentResource {
  readonly imageRef: pulumi.Output<string>;

  constructor(name: string, args: PromotedImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:image:PromotedImage", name, {}, opts);
    const source = new pulumi.StackReference(`${name}-source`, { name: args.fromStack }, { parent: this });
    // The stack's own last outputs: what it runs now (undefined before its first update).
    const running = new pulumi.StackReference(`${name}-running`, { name: args.ownStack }, { parent: this });
    const plan = pulumi
      .all([source.requireOutput("imageRef"), running.getOutput("imageRef"), args.registryLoginServer])
      .apply(([sourceRef, runningRef, loginServer]) => promotion(String(sourceRef), loginServer, promotedDigest(args.digest, runningRef)));
    const importImage = new command.local.Command(
      `${name}-import`,
      {
        create: importScript,
        interpreter: ["/bin/sh", "-c"],
        // Reading a registry through ARM by resource id needs Reader on it, pulling needs AcrPull (docs/deploy.md#9-promote-to-prod).
        environment: {
          SOURCE_REGISTRY_ID: source.requireOutput("registryId"),
          SOURCE_IMAGE: plan.sourceImage,
          TARGET_REGISTRY: args.registryName,
          TARGET_RESOURCE_GROUP: args.resourceGroupName,
          TARGET_SUBSCRIPTION: pulumi.output(args.registryId).apply((id) => id.split("/")[2] ?? ""),
          TARGET_TAG: plan.importTag,
        },
        triggers: [plan.sourceImage],
      },
      { parent: this },
    );
    this.imageRef = pulumi.all([plan.imageRef, importImage.id]).apply(([imageRef]) => imageRef);
    this.registerOutputs({ imageRef: this.imageRef });
  }
}
