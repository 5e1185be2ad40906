import * as pulumi from "@pulumi/pulumi";
import type { ReleaseStage } from "../../../config";
import { parseDigestRef } from "../../image";

/** What production runs while the slot gets `imageRef`: `imageRef` too, or at the staging stage what it runs already. */
export function productionImage(
  name: string,
  stage: ReleaseStage,
  imageRef: pulumi.Input<string>,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  if (stage === "production") return pulumi.output(imageRef);
  // The stack's own last outputs (the promotion reads its running digest the same way): imageRef names production's image.
  const ownStack = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  const running = new pulumi.StackReference(`${name}-production-image`, { name: ownStack }, { parent });
  return running.getOutput("imageRef").apply(runningProductionImage);
}

export function runningProductionImage(runningRef: unknown): string {
  if (typeof runningRef !== "string" || runningRef === "") {
    throw new Error(
      "appService.releaseStage staging keeps production on the image it runs, but this stack runs none yet (it has no imageRef output): " +
        "deploy the first release with appService.releaseStage production (the default)",
    );
  }
  parseDigestRef(runningRef);
  return runningRef;
}
