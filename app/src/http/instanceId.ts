/**
 * Ids this app hands out are the extension's 32-character hex GUIDs; anything outside letters, digits, `-` and `_`
 * (at most 100 characters) is rejected before it reaches the Durable client.
 */
const instanceIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

export function isValidInstanceId(id: string | undefined): id is string {
  return id !== undefined && instanceIdPattern.test(id);
}

/**
 * durable-functions 3.x throws a plain Error for an id the task hub does not know
 * ("... replied with HTTP 404 response ..."), where the original service's Python SDK returned an empty status.
 */
export function isUnknownInstanceError(error: unknown): boolean {
  return error instanceof Error && /\bHTTP 404\b/.test(error.message);
}
