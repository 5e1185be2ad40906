import * as pulumi from "@pulumi/pulumi";
import type { ImageSource } from "../../config";
import { BuiltImage } from "./builtImage";
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

/** The image this stack deploys: built here once, or promoted by digest from the stack that built it. */
export function createAppImage(source: ImageSource, registry: RegistryRef, opts?: pulumi.ComponentResourceOptions): AppImage {
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
