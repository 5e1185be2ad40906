import { describeHostSetting } from "../lib/functions-hosts";
import { mandatoryHostSettingsPolicy } from "../lib/host-settings-policy";

const connectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
const authenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
// Only the exact value "AAD" yields a credential, with ClientId a user-assigned one (Azure/azure-webjobs-sdk src/Microsoft.Azure.WebJobs.Logging.ApplicationInsights/TokenCredentialOptions.cs).
const entraAuthentication = /^Authorization=AAD(;ClientId=[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$/;

export const functionsTelemetryByIdentityInProd = mandatoryHostSettingsPolicy({
  name: "functions-telemetry-by-identity-in-prod",
  description: `Functions hosts of production stacks send telemetry to Application Insights (${connectionString}) with an Entra ID identity (${authenticationString}).`,
  productionOnly: true,
  check: (host, _context, reportViolation) => {
    if (!host.settings.get(connectionString)?.value) {
      reportViolation(
        `${describeHostSetting(host, connectionString)}: a production host must send its telemetry to the stack's Application Insights.`,
      );
    }
    const authentication = host.settings.get(authenticationString)?.value;
    if (authentication === undefined || authentication === "") {
      reportViolation(
        `${describeHostSetting(host, authenticationString)}: set it to Authorization=AAD;ClientId=<the app identity's client id> so ingestion works with local auth disabled.`,
      );
    } else if (!entraAuthentication.test(authentication)) {
      reportViolation(
        `${host.label} sets ${authenticationString} "${authentication}": use Authorization=AAD;ClientId=<client id> (or Authorization=AAD for a system-assigned identity).`,
      );
    }
  },
});
