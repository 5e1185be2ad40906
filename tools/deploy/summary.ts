import type { Settings } from "../../infra/config";
import { formatDuration } from "./progress";

/** The API audience a program asks a token for: the sign-in app's Application ID URI. */
const audienceOf = (settings: Pick<Settings, "oauth2Proxy">, outputs: Record<string, unknown>) => {
  const fromOutputs = typeof outputs.apiAudience === "string" ? outputs.apiAudience : undefined;
  const clientId = fromOutputs ?? settings.oauth2Proxy?.apiAudience;
  return clientId ? (clientId.startsWith("api://") ? clientId : `api://${clientId}`) : undefined;
};

/** The end of a deployment: where the app is and a command that calls it as a program would. */
export function summaryLines(settings: Pick<Settings, "oauth2Proxy">, outputs: Record<string, unknown>, seconds?: number): string[] {
  const url = typeof outputs.url === "string" ? outputs.url.replace(/\/$/, "") : undefined;
  const lines = [`\n== Done${seconds === undefined ? "" : ` in ${formatDuration(seconds)}`}`];
  if (!url) return [...lines, "  The stack has no url output yet."];
  lines.push(`  URL:     ${url}   (a browser signs in with Entra ID)`, `  Health:  ${url}/api/health`);
  const audience = audienceOf(settings, outputs);
  if (audience) {
    lines.push(
      "  Call the API with your own token (your account needs the app role `access`):",
      `    TOKEN=$(az account get-access-token --scope ${audience}/.default --query accessToken --output tsv)`,
      `    curl -i -H "Authorization: Bearer $TOKEN" "${url}/api/submit/query?s=2026-01-01&e=2026-01-07"`,
    );
  }
  return lines;
}
