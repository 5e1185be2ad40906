import type { HttpResponseInit } from "@azure/functions";

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers } };
}

/** The original service's error shape: `{"error": "<message>"}`. */
export function errorResponse(status: number, error: string): HttpResponseInit {
  return jsonResponse(status, { error });
}
