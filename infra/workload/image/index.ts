import * as pulumi from "@pulumi/pulumi";
import type { ImageSource } from "../../config";
import { BuiltImage } from "./builtImage";
import { formatDigestRef, parseDigestRef } from "./imageRef";
import { PromotedImage } from "./promotedImage";

export { parseDigestRef, digestRefPattern } from "./imageRef";

export interface AppImage {
  /** Always `<registry>/<repository>@sha256:...`: each image component checks it before anything deploys it. */
  imageRef: pulumi.Output<string>;
}

export interface RegistryRef {
  registryName: pulumi.Input<string>;
  loginServer: pulumi.Input<string>;
  registryId: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
}

/**
 * The image this stack deploys: built here once, or promoted by digest from the stack that built it; a building stack
 * given `image.digest` redeploys that digest from its own registry and builds nothing (the rollback of a building stack).
 */
export function createAppImage(source: ImageSource, registry: RegistryRef, opts?: pulumi.ComponentResourceOptions): AppImage {
  if (source.kind === "build" && source.digest)
    return { imageRef: redeployedImageRef(registry.loginServer, source.repository, source.digest) };
  const ownStack = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  const image =
    source.kind === "build"
      ? new BuiltImage("app", { ...source, registryLoginServer: registry.loginServer }, opts)
      : new PromotedImage(
          "app",
          {
            fromStack: source.fromStack,
            ownStack,
            digest: source.digest,
            registryName: registry.registryName,
            registryLoginServer: registry.loginServer,
            registryId: registry.registryId,
            resourceGroupName: registry.resourceGroupName,
          },
          opts,
        );
  return { imageRef: image.imageRef };
}

/** A digest this stack built and pushed before, in its own registry. */
function redeployedImageRef(loginServer: pulumi.Input<string>, repository: string, digest: string): pulumi.Output<string> {
  return pulumi.output(loginServer).apply((registry) => {
    const ref = formatDigestRef({ registry, repository, digest });
    parseDigestRef(ref);
    return ref;
  });
}
