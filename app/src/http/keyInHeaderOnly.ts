import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from "@azure/functions";
import { errorResponse } from "./responses";

/** The header the host reads a function key from; the only other place is the `code` query parameter (azure-functions-host src/WebJobs.Script.WebHost/Security/Authentication/Keys/AuthenticationLevelHandler.cs). */
export const functionKeyHeader = "x-functions-key";

export const keyInUrlError = `Send the function key in the '${functionKeyHeader}' header, not in the URL: the status URLs this API returns carry no key.`;

/** Query parameter names are matched without regard to case, as the host does. */
function carriesKeyInUrl(request: HttpRequest): boolean {
  return [...request.query.keys()].some((name) => name.toLowerCase() === "code");
}

type Handler<Client, Response extends HttpResponseInit | HttpResponse> = (
  request: HttpRequest,
  client: Client,
  context: InvocationContext,
) => Response | Promise<Response>;

/**
 * Both hostings take credentials in headers only: function keys on App Service, the ingress's token on AKS. A key in
 * the URL would not survive into the statusUri/Location the client polls next (a 401 there), and URLs end up in logs,
 * so such a request is refused before it starts anything, and the client learns to use the header.
 */
export function keyInHeaderOnly<Client, Response extends HttpResponseInit | HttpResponse>(
  handler: Handler<Client, Response>,
): Handler<Client, Response | HttpResponseInit> {
  return async (request, client, context) =>
    carriesKeyInUrl(request) ? errorResponse(400, keyInUrlError) : await handler(request, client, context);
}
