import { mandatoryResourcePolicy } from "../lib/define-policy";
import { isPinnedByDigest } from "../lib/image-reference";
import { runningImagesOf, runsImages } from "../lib/workload-images";

export const imagesPinnedByDigest = mandatoryResourcePolicy({
  name: "images-pinned-by-digest",
  description: "Workloads run images by digest (repo@sha256:...), so every stack runs exactly the bytes that were built and promoted.",
  appliesTo: runsImages,
  validate: (props, args, reportViolation) => {
    for (const image of runningImagesOf(args.type, props)) {
      if (!isPinnedByDigest(image.reference)) {
        reportViolation(
          `${image.holder} runs "${image.reference}": reference the image by digest, <registry>/<repository>@sha256:<64 hex digits>.`,
        );
      }
    }
  },
});
