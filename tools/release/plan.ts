import * as path from "node:path";
import type { Settings } from "../../infra/config";
import { contentHash } from "../../infra/workload/image/contentTag";

export interface ReleasePlan {
  /** The stack runs on App Service with a staging slot: the release goes to the slot, is smoke-tested, then to production. */
  stagingSlot: boolean;
  /**
   * The SOURCE_VERSION the image this checkout builds reports on /api/health (the build's content hash), so the smoke
   * test knows when the new image answers; undefined for a stack that builds nothing here.
   */
  sourceVersion?: string;
}

/** What the workflow needs to know of a stack's validated settings before its update. */
export function releasePlan(settings: Pick<Settings, "hosting" | "appService" | "image">, root: string): ReleasePlan {
  // Read loosely: the slot's settings are another part of the program's (appService.stagingSlot when a slot exists).
  const slot = (settings.appService as { stagingSlot?: unknown }).stagingSlot;
  const { image } = settings;
  return {
    stagingSlot: settings.hosting === "appService" && slot !== undefined && slot !== false,
    ...(image.kind === "build" && !image.digest
      ? { sourceVersion: contentHash({ context: path.resolve(root, image.context), dockerfile: path.resolve(root, image.dockerfile) }) }
      : {}),
  };
}
