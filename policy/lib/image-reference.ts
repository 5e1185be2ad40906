export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const digestPattern = /^sha256:[a-f0-9]{64}$/;

/** Splits `registry[:port]/repo[:tag][@digest]`; a colon before the last slash is a registry port, not a tag. */
export function parseImageReference(reference: string): ImageReference {
  const [name = "", digest] = reference.split("@", 2);
  const lastSlash = name.lastIndexOf("/");
  const lastColon = name.lastIndexOf(":");
  const hasTag = lastColon > lastSlash;
  return {
    repository: hasTag ? name.slice(0, lastColon) : name,
    ...(hasTag ? { tag: name.slice(lastColon + 1) } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

export function isPinnedByDigest(reference: string): boolean {
  const { digest } = parseImageReference(reference);
  return digest !== undefined && digestPattern.test(digest);
}

/** App Service names its container as `DOCKER|<image>`; other linuxFxVersion values (NODE|22) run no image. */
export function imageOfLinuxFxVersion(linuxFxVersion: string | undefined): string | undefined {
  const match = /^DOCKER\|(.+)$/i.exec(linuxFxVersion ?? "");
  return match?.[1];
}
