import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, posix } from "node:path";

export interface ImageSources {
  /** The build context directory. */
  context: string;
  /** The Dockerfile's path. */
  dockerfile: string;
}

/** Installed packages and build output are never sources, even inside a copied folder. */
const notSources = new Set(["node_modules", "dist"]);

/** The context paths a Dockerfile's COPY and ADD instructions take (those copying `--from` a stage take none). */
export function copiedSources(dockerfileText: string): string[] {
  const instructions = dockerfileText
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => /^(COPY|ADD)\s/i.test(line));
  return instructions.flatMap((line) => {
    const words = line.split(/\s+/).slice(1);
    if (words.some((word) => /^--from=/i.test(word))) return [];
    const paths = words.filter((word) => !word.startsWith("--")).slice(0, -1);
    for (const path of paths) {
      if (/[*?[\]]/.test(path))
        throw new Error(
          `COPY source "${path}" in the Dockerfile is a wildcard or JSON form: name files or folders so the image's content hash is exact`,
        );
    }
    return paths;
  });
}

function filesUnder(context: string, path: string): string[] {
  const normalized = posix.normalize(path).replace(/\/$/, "");
  if (!statSync(join(context, normalized)).isDirectory()) return [normalized];
  return readdirSync(join(context, normalized))
    .filter((entry) => !notSources.has(entry))
    .flatMap((entry) => filesUnder(context, posix.join(normalized, entry)));
}

/** sha256 over the Dockerfile and every file it copies from the context (path and bytes, not times), in a stable order. */
export function contentHash(sources: ImageSources): string {
  const dockerfile = readFileSync(sources.dockerfile, "utf8");
  const files = [...new Set(copiedSources(dockerfile).flatMap((path) => filesUnder(sources.context, path)))].sort();
  const hash = createHash("sha256").update(dockerfile);
  for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(join(sources.context, file)));
  return hash.digest("hex");
}

/** The image tag for that content: the same sources always get the same tag. */
export const contentTag = (hash: string) => `src-${hash.slice(0, 16)}`;
