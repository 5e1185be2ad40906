import { mandatoryResourcePolicy } from "../lib/define-policy";
import { parseImageReference } from "../lib/image-reference";
import { asArray, asString } from "../lib/props";
import { isImageBuild, runningImagesOf, runsImages } from "../lib/workload-images";

export const noLatestImageTag = mandatoryResourcePolicy({
  name: "no-latest-image-tag",
  description:
    "No image is built, pushed or run as `latest` (explicitly or by leaving the tag out): a moving tag cannot be traced or rolled back.",
  appliesTo: (type) => runsImages(type) || isImageBuild(type),
  validate: (props, args, reportViolation) => {
    if (isImageBuild(args.type)) {
      for (const imageName of asArray(props["tags"]).map((tag) => asString(tag) ?? "")) {
        const { tag } = parseImageReference(imageName);
        if (tag === undefined || tag === "latest") {
          reportViolation(
            `The image is pushed as "${imageName}", which means latest: tag it with something traceable, such as a hash of its sources (<repository>:src-<hash>).`,
          );
        }
      }
      return;
    }
    for (const image of runningImagesOf(args.type, props)) {
      const { tag, digest } = parseImageReference(image.reference);
      if (tag === "latest" || (tag === undefined && digest === undefined)) {
        reportViolation(
          `${image.holder} runs "${image.reference}", a latest tag: reference the promoted digest (<repository>@sha256:...) instead.`,
        );
      }
    }
  },
});
