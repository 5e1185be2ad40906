import type { HttpRequest } from "@azure/functions";

/** Larger bodies are refused before parsing: no pattern input needs more. */
export const maxBodyBytes = 16 * 1024;

export type BodyRead = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly error: string };

/** Reads an optional JSON body: empty means `undefined`, anything unparsable or too large is a client error. */
export async function readJsonBody(request: HttpRequest): Promise<BodyRead> {
  const declaredLength = Number(request.headers.get("content-length") ?? 0);
  if (declaredLength > maxBodyBytes) return { ok: false, error: `The body must be at most ${maxBodyBytes} bytes.` };
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBodyBytes) return { ok: false, error: `The body must be at most ${maxBodyBytes} bytes.` };
  if (text.trim() === "") return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: "The body is not valid JSON." };
  }
}
