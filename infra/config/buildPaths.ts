import { existsSync, realpathSync, statSync } from "node:fs";
import * as path from "node:path";
import type { ImageSource } from "./settings";

const outside = "must be a path inside the repository, relative to its root (the build reads nothing outside it)";

/** Where a relative path points when it stays inside `root`, lexically and through symbolic links; undefined otherwise. */
function inside(root: string, relative: string): string | undefined {
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) return undefined;
  const resolved = path.resolve(root, relative);
  const within = (parent: string, child: string) => child === parent || child.startsWith(`${parent}${path.sep}`);
  if (!within(root, resolved)) return undefined;
  // Checked lexically first, so a link is only followed from inside the repository.
  if (existsSync(resolved) && !within(realpathSync(root), realpathSync(resolved))) return undefined;
  return resolved;
}

/**
 * The build context and Dockerfile of a building stack: inside the repository and present, so the content hash and
 * the build never read elsewhere, and a wrong path is a config error instead of a stack trace from the build.
 */
export function buildPathIssues(image: ImageSource, root: string): Array<[string, unknown, string]> {
  if (image.kind !== "build") return [];
  const issues: Array<[string, unknown, string]> = [];
  const context = inside(root, image.context);
  if (!context) issues.push(["image.build.context", image.context, outside]);
  else if (!existsSync(context) || !statSync(context).isDirectory())
    issues.push(["image.build.context", image.context, "must be an existing folder of the repository"]);
  const dockerfile = inside(root, image.dockerfile);
  if (!dockerfile) issues.push(["image.build.dockerfile", image.dockerfile, outside]);
  else if (!existsSync(dockerfile) || !statSync(dockerfile).isFile())
    issues.push(["image.build.dockerfile", image.dockerfile, "must be an existing file of the repository (the path from its root)"]);
  return issues;
}
