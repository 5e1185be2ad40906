import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import * as path from "node:path";

/** The list of files a render wrote into its folder: the next render deletes exactly these, nothing else. */
export const writtenFilesList = ".render-files.json";

/** Names only the render gives files (`<namespace>__<kind>__<name>.yaml`, `helm/<release>.values.yaml`): an older render's output. */
const renderNamed = (file: string) => /^[^/]+__[^/]+__[^/]+\.yaml$/.test(file) || /^helm\/[^/]+\.values\.yaml$/.test(file);

export class OutputFolderRefused extends Error {}

async function filesUnder(folder: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(folder, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? filesUnder(folder, path.posix.join(prefix, entry.name)) : [path.posix.join(prefix, entry.name)],
    ),
  );
  return nested.flat();
}

/**
 * What a previous render left in `folder` and the next one may delete: the files its list names (inside the folder only),
 * or, without a list, a folder holding nothing but render-named files (renders before the list existed). Anything else
 * there is someone's: refused, before the program runs.
 */
export async function previousRenderFiles(folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  const listFile = path.join(folder, writtenFilesList);
  if (existsSync(listFile)) {
    const listed = JSON.parse(await readFile(listFile, "utf8")) as unknown;
    const files = Array.isArray(listed) ? listed.filter((file): file is string => typeof file === "string") : [];
    const inside = files.filter((file) => !path.isAbsolute(file) && !path.posix.normalize(file).startsWith(".."));
    return [...inside, writtenFilesList];
  }
  const present = await filesUnder(folder);
  const foreign = present.filter((file) => !renderNamed(file));
  if (foreign.length)
    throw new OutputFolderRefused(
      `${folder} holds files the render did not write (${foreign.slice(0, 5).join(", ")}${foreign.length > 5 ? ", ..." : ""}) and no ${writtenFilesList}: choose another --out, or empty it yourself`,
    );
  return present;
}

/** Deletes the previous render's files (and folders they leave empty), writes the new ones and their list. */
export async function replaceRenderFiles(folder: string, previous: string[], files: Map<string, string>): Promise<void> {
  for (const file of previous) await rm(path.join(folder, file), { force: true });
  for (const dir of [...new Set(previous.map((file) => path.posix.dirname(file)).filter((dir) => dir !== "."))]) {
    const full = path.join(folder, dir);
    if (existsSync(full) && !(await readdir(full)).length) await rmdir(full);
  }
  await mkdir(folder, { recursive: true });
  for (const [file, text] of files) {
    await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    await writeFile(path.join(folder, file), text);
  }
  await writeFile(path.join(folder, writtenFilesList), `${JSON.stringify([...files.keys()].sort(), null, 2)}\n`);
}
