import { mandatoryResourcePolicy } from "../lib/define-policy";
import { dockerImageType } from "../lib/resource-types";
import { asString, pathOf, stringMap } from "../lib/props";
import { builtBaseImage, dockerfileCandidates, readFirstExisting } from "../lib/dockerfile";

const officialBase = /^mcr\.microsoft\.com\/azure-functions\/node:4-/;
const recommended = "mcr.microsoft.com/azure-functions/node:4-node22";

/**
 * Workloads run the registry digest, which says nothing about the base, so the rule reads the Dockerfile the
 * image resource builds. A stack that promotes a digest builds nothing: the rule holds where the image is built.
 */
export const functionsOfficialBaseImage = mandatoryResourcePolicy({
  name: "functions-official-base-image",
  description: `The app image builds on an official Functions base image (${recommended}), which ships the Functions host that runs the triggers.`,
  appliesTo: (type) => type === dockerImageType,
  validate: (props, _args, reportViolation) => {
    const candidates = dockerfileCandidates(
      asString(pathOf(props, "dockerfile", "location")),
      asString(pathOf(props, "context", "location")),
    );
    const dockerfile = readFirstExisting(candidates);
    if (dockerfile === undefined) {
      reportViolation(
        `The image's Dockerfile is not at ${candidates.join(" or ")}: set dockerfile.location to a path relative to the Pulumi project (or absolute) so its base image can be checked.`,
      );
      return;
    }
    const base = builtBaseImage(dockerfile.text, stringMap(pathOf(props, "buildArgs")), asString(pathOf(props, "target")));
    if (base === undefined || !officialBase.test(base)) {
      reportViolation(
        `${dockerfile.path} builds the app FROM ${base ?? "no image"}: start the final stage FROM ${recommended} (or its -slim variant), the official Functions base image.`,
      );
    }
  },
});
