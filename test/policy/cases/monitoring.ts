// Failing (and extra passing) cases for the observability policies, keyed by policy name.
import type { PolicyCases } from "../harness";
import { aksStack, appServiceStack, changed, without } from "../fixtures/stacks";

const component = "azure-native:applicationinsights:Component";
const webApp = "azure-native:web:WebApp";
const configMap = "kubernetes:core/v1:ConfigMap";
const authentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
const connection = "APPLICATIONINSIGHTS_CONNECTION_STRING";

const appInsights = (stack: string, change: (props: Record<string, any>) => void) =>
  changed(stack === "prod" ? appServiceStack() : aksStack(stack), component, "app-insights", change);
/** One App Service setting of the prod stack changed (undefined removes it). */
const prodSetting = (name: string, value: string | undefined) =>
  changed(appServiceStack(), webApp, "app", (props) => {
    const settings = props.siteConfig.appSettings as Array<{ name: string; value: string }>;
    props.siteConfig.appSettings = settings.filter((item) => item.name !== name).concat(value === undefined ? [] : [{ name, value }]);
  });
/** The AKS stack as production, one ConfigMap setting changed (undefined removes it). */
const prodAksSetting = (name: string, value: string | undefined) =>
  changed(aksStack("prod"), configMap, "app-settings", (props) => {
    if (value === undefined) delete props.data[name];
    else props.data[name] = value;
  });

export const monitoringCases: Record<string, PolicyCases> = {
  "application-insights-entra-only-in-prod": {
    passing: [
      { title: "dev may keep local auth", resources: () => appInsights("dev", (props) => delete props.disableLocalAuth) },
      {
        title: "a prod stack without Application Insights (the host policy covers it)",
        resources: () => without(appServiceStack(), component),
      },
    ],
    failing: [
      {
        title: "prod with local auth left on",
        resources: () => appInsights("prod", (props) => delete props.disableLocalAuth),
        message: /production Application Insights component accepts telemetry by connection string alone: set disableLocalAuth: true/,
      },
      {
        title: "prod with local auth explicitly on",
        resources: () => appInsights("prod", (props) => (props.disableLocalAuth = false)),
        message: /set disableLocalAuth: true and let the app ingest with its identity/,
      },
    ],
  },
  "functions-telemetry-by-identity-in-prod": {
    passing: [
      {
        title: "dev without telemetry settings",
        resources: () => changed(aksStack(), configMap, "app-settings", (props) => delete props.data[authentication]),
      },
      { title: "a system-assigned identity", resources: () => prodSetting(authentication, "Authorization=AAD") },
    ],
    failing: [
      {
        title: "prod App Service without the authentication string",
        resources: () => prodSetting(authentication, undefined),
        message: /WebApp "app" has no APPLICATIONINSIGHTS_AUTHENTICATION_STRING: set it to Authorization=AAD;ClientId=/,
      },
      {
        title: "prod App Service without the connection string",
        resources: () => prodSetting(connection, undefined),
        message: /has no APPLICATIONINSIGHTS_CONNECTION_STRING: a production host must send its telemetry/,
      },
      {
        title: "an authentication string the host does not turn into a credential (lowercase aad)",
        resources: () => prodSetting(authentication, "Authorization=aad;ClientId=11111111-2222-4333-8444-555555555555"),
        message:
          /sets APPLICATIONINSIGHTS_AUTHENTICATION_STRING "Authorization=aad;ClientId=.*": use Authorization=AAD;ClientId=<client id>/,
      },
      {
        title: "prod AKS whose ConfigMap lacks the authentication string",
        resources: () => prodAksSetting(authentication, undefined),
        message: /Deployment "app" container "functions" has no APPLICATIONINSIGHTS_AUTHENTICATION_STRING/,
      },
    ],
  },
};
