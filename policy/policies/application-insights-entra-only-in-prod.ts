import { mandatoryResourcePolicy } from "../lib/define-policy";
import { productionResourceOf, productionStacksSchema } from "../lib/production-stacks";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";

/** With local auth on, anyone holding the connection string (it is no secret) can write telemetry into the component. */
export const applicationInsightsEntraOnlyInProd = mandatoryResourcePolicy({
  name: "application-insights-entra-only-in-prod",
  description: "Application Insights of production stacks accepts only Entra ID-authenticated ingestion (local auth disabled).",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.applicationInsights),
  configSchema: productionStacksSchema,
  validate: (props, args, reportViolation) => {
    if (!productionResourceOf(props, args).production) return;
    if (props["disableLocalAuth"] !== true) {
      reportViolation(
        "This production Application Insights component accepts telemetry by connection string alone: set disableLocalAuth: true and let the app ingest with its identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING, role Monitoring Metrics Publisher).",
      );
    }
  },
});
