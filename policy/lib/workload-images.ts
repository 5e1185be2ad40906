import { dockerImageType, isPodWorkloadType, isWebSiteType } from "./resource-types";
import { asString, pathOf, type Props } from "./props";
import { containersOf, describeContainer, podSpecOf } from "./pod-spec";
import { imageOfLinuxFxVersion } from "./image-reference";

export interface RunningImage {
  readonly reference: string;
  /** Who runs it, for the message: 'container "app"' or 'siteConfig.linuxFxVersion'. */
  readonly holder: string;
}

/** The images a resource runs: its containers' images, or a WebApp's (or slot's) DOCKER| linuxFxVersion. */
export function runningImagesOf(type: string, props: Props): RunningImage[] {
  if (isPodWorkloadType(type)) {
    return containersOf(podSpecOf(type, props)).flatMap((container) => {
      const reference = asString(container.props["image"]);
      return reference === undefined ? [] : [{ reference, holder: describeContainer(container) }];
    });
  }
  if (isWebSiteType(type)) {
    const reference = imageOfLinuxFxVersion(asString(pathOf(props, "siteConfig", "linuxFxVersion")));
    return reference === undefined ? [] : [{ reference, holder: "siteConfig.linuxFxVersion" }];
  }
  return [];
}

export function runsImages(type: string): boolean {
  return isPodWorkloadType(type) || isWebSiteType(type);
}

export function isImageBuild(type: string): boolean {
  return type === dockerImageType;
}
