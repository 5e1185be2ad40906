// Failing (and extra passing) cases for the container checklist's policies, keyed by policy name.
import type { PolicyCases } from "../harness";
import {
  aksStack,
  appServiceStack,
  changed,
  withStagingSlot,
  dockerfileFixture,
  gatewayApiStack,
  kubernetesSecret,
  without,
} from "../fixtures/stacks";

const image = "docker-build:index:Image";
const configMap = "kubernetes:core/v1:ConfigMap";
const secret = "kubernetes:core/v1:Secret";
const deployment = "kubernetes:apps/v1:Deployment";
const ingress = "kubernetes:networking.k8s.io/v1:Ingress";
const webApp = "azure-native:web:WebApp";
const httpRoute = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const straightToApp = (change: (props: Record<string, any>) => void) => changed(gatewayApiStack(), httpRoute, "app", change);
const hubSetting = "TaskHubName";

const withSetting = (name: string, value: string | undefined) =>
  changed(aksStack(), configMap, "app-settings", (props) => {
    if (value === undefined) delete props.data[name];
    else props.data[name] = value;
  });
const withBuild = (build: Record<string, unknown>) => changed(aksStack(), image, "app-image", (props) => Object.assign(props, build));
const withDockerfile = (path: string, build: Record<string, unknown> = {}) => withBuild({ dockerfile: { location: path }, ...build });
const withSecretValues = (values: Record<string, string>, resources = aksStack()) =>
  changed(resources, secret, "app-secrets", (props) => (props.stringData = values));
const withStorageConnection = (value: string) => withSecretValues({ AzureWebJobsStorage: value });
const functionsContainer = (change: (container: Record<string, any>) => void) =>
  changed(aksStack(), deployment, "app", (props) => change(props.spec.template.spec.containers[0]));
const appServiceAuth = "azure-native:web:WebAppAuthSettingsV2";
const withAppServiceAuth = (change: (props: Record<string, any>) => void) => changed(appServiceStack(), appServiceAuth, "app-auth", change);
const withAuthLevel = (value: string, resources = appServiceStack()) =>
  changed(resources, webApp, "app", (props) => {
    props.siteConfig.appSettings = props.siteConfig.appSettings.filter((setting: { name: string }) => setting.name !== "HttpAuthLevel");
    props.siteConfig.appSettings.push({ name: "HttpAuthLevel", value });
  });
const withAnnotation = (name: string, value: string | undefined) =>
  changed(aksStack(), ingress, "app", (props) => {
    if (value === undefined) delete props.metadata.annotations[`nginx.ingress.kubernetes.io/${name}`];
    else props.metadata.annotations[`nginx.ingress.kubernetes.io/${name}`] = value;
  });

export const checklistCases: Record<string, PolicyCases> = {
  "functions-official-base-image": {
    passing: [
      {
        title: "base image from an ARG default (slim variant)",
        resources: () => withDockerfile(dockerfileFixture("base-from-arg.Dockerfile")),
      },
    ],
    failing: [
      {
        title: "final stage on plain Node",
        resources: () => withDockerfile(dockerfileFixture("plain-node.Dockerfile")),
        message:
          /plain-node\.Dockerfile builds the app FROM node:22-bookworm-slim: start the final stage FROM mcr\.microsoft\.com\/azure-functions\/node:4-node22/,
      },
      {
        title: "a build arg swaps the base",
        resources: () => withDockerfile(dockerfileFixture("base-from-arg.Dockerfile"), { buildArgs: { FUNCTIONS_BASE: "node:22" } }),
        message: /builds the app FROM node:22: start the final stage FROM/,
      },
      {
        title: "the build target is the Node build stage",
        resources: () => withBuild({ target: "build" }),
        message: /builds the app FROM node:22-bookworm-slim/,
      },
      {
        title: "the Dockerfile cannot be found",
        resources: () => withDockerfile(dockerfileFixture("missing.Dockerfile")),
        message: /Dockerfile is not at .*missing\.Dockerfile: set dockerfile\.location to a path relative to the Pulumi project/,
      },
    ],
  },
  "website-hostname-set": {
    passing: [{ title: "Gateway API: the HTTPRoute serves WEBSITE_HOSTNAME", resources: () => gatewayApiStack() }],
    failing: [
      {
        title: "not set on AKS",
        resources: () => withSetting("WEBSITE_HOSTNAME", undefined),
        message: /Deployment "app" container "functions" has no WEBSITE_HOSTNAME: set WEBSITE_HOSTNAME to the Ingress host/,
      },
      {
        title: "not the Ingress host",
        resources: () => withSetting("WEBSITE_HOSTNAME", "localhost:8080"),
        message:
          /sets WEBSITE_HOSTNAME "localhost:8080" but the Ingress hosts are app-dev\.example\.com: set WEBSITE_HOSTNAME to the host of the Ingress/,
      },
      {
        title: "a plain env value overrides the ConfigMap",
        resources: () => functionsContainer((container) => (container.env = [{ name: "WEBSITE_HOSTNAME", value: "localhost:8080" }])),
        message: /sets WEBSITE_HOSTNAME "localhost:8080" but the Ingress hosts are app-dev\.example\.com/,
      },
      {
        title: "its ConfigMap is not in the stack",
        resources: () => functionsContainer((container) => (container.envFrom[0].configMapRef.name = "other-settings")),
        message: /has no WEBSITE_HOSTNAME \(the stack has no ConfigMap "other-settings", so it may be set there\)/,
      },
    ],
  },
  "functions-host-id-pinned": {
    passing: [
      { title: "one character", resources: () => withSetting("AzureFunctionsWebHost__hostid", "a") },
      { title: "32 characters with single dashes", resources: () => withSetting("AzureFunctionsWebHost__hostid", `${"a1-".repeat(10)}b2`) },
    ],
    failing: [
      {
        title: "not set",
        resources: () => withSetting("AzureFunctionsWebHost__hostid", undefined),
        message: /has no AzureFunctionsWebHost__hostid: pin AzureFunctionsWebHost__hostid to a fixed id/,
      },
      {
        title: "a staging slot with production's host id",
        resources: () => withStagingSlot(true, ["AzureFunctionsWebHost__hostid"]),
        message:
          /WebAppSlot "app-staging" shares AzureFunctionsWebHost__hostid "durable-aks-prod" with WebApp "app": give each site and slot an id of its own/,
      },
      ...["Durable_AKS", `${"a".repeat(33)}`, "durable-", "-durable", "durable--aks"].map((hostId) => ({
        title: `invalid id ${hostId}`,
        resources: () => withSetting("AzureFunctionsWebHost__hostid", hostId),
        message: new RegExp(
          `sets AzureFunctionsWebHost__hostid "${hostId}", which the Functions host rejects or truncates: use 1-32 lowercase`,
        ),
      })),
    ],
  },
  "durable-task-hub-of-its-own": {
    passing: [
      { title: "mixed case naming the stack", resources: () => withSetting(hubSetting, "DurableAksDev") },
      { title: "a staging slot with a hub of its own", resources: () => withStagingSlot(true) },
    ],
    failing: [
      {
        title: "a staging slot on production's hub",
        resources: () => withStagingSlot(true, [hubSetting]),
        message: /WebAppSlot "app-staging" shares TaskHubName "DurableAksprod" with WebApp "app": give each site and slot a hub of its own/,
      },
      {
        title: "a staging slot on production's hub in other letter case (hub names are case-insensitive)",
        resources: () =>
          changed(withStagingSlot(true, [hubSetting]), "azure-native:web:WebAppSlot", "app-staging", (props) => {
            props.siteConfig.appSettings.find((setting: { name: string }) => setting.name === hubSetting).value = "durableaksPROD";
          }),
        message: /WebAppSlot "app-staging" shares TaskHubName "durableaksPROD" with WebApp "app"/,
      },
      {
        title: "not set",
        resources: () => withSetting(hubSetting, undefined),
        message: /has no TaskHubName: set it to a hub name of this stack's own .*containing "dev"/,
      },
      ...["durable-aks-dev", "1durableaksdev", "dv"].map((hubName) => ({
        title: `invalid name ${hubName}`,
        resources: () => withSetting(hubSetting, hubName),
        message: new RegExp(`"${hubName}", which is not a valid task hub name: use a hub name of this stack's own`),
      })),
      {
        title: "the shared default hub",
        resources: () => withSetting(hubSetting, "DurableFunctionsHub"),
        message: /uses the default task hub "DurableFunctionsHub", shared by every app/,
      },
      {
        title: "another stack's hub",
        resources: () => withSetting(hubSetting, "durableaksprod"),
        message: /"durableaksprod", which does not name stack "dev" and may be another stack's hub/,
      },
    ],
  },
  "real-storage-for-functions-host": {
    passing: [
      {
        title: "identity-based storage",
        resources: () => withSecretValues({}, withSetting("AzureWebJobsStorage__accountName", "durableaks")),
      },
    ],
    failing: [
      {
        title: "not set",
        resources: () => withSecretValues({}),
        message: /has no AzureWebJobsStorage: deliver the storage account's connection string as AzureWebJobsStorage from a Secret/,
      },
      {
        title: "Azurite",
        resources: () =>
          withStorageConnection(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=x;BlobEndpoint=http://azurite:10000/devstoreaccount1",
          ),
        message: /points AzureWebJobsStorage at the storage emulator: use the connection string of the stack's Azure Storage account/,
      },
      {
        title: "Azurite through a Secret key reference",
        resources: () => [
          ...functionsContainer((container) => {
            container.env = [{ name: "AzureWebJobsStorage", valueFrom: { secretKeyRef: { name: "local-storage", key: "connection" } } }];
          }),
          kubernetesSecret("local-storage", { connection: "UseDevelopmentStorage=true" }),
        ],
        message: /points AzureWebJobsStorage at the storage emulator/,
      },
      {
        title: "development storage shortcut",
        resources: () => withStorageConnection("UseDevelopmentStorage=true"),
        message: /points AzureWebJobsStorage at the storage emulator/,
      },
    ],
  },
  "secrets-not-in-plain-config": {
    passing: [
      {
        title: "env taken from a Secret key",
        resources: () =>
          functionsContainer((container) => {
            container.env = [
              { name: "AzureWebJobsStorage", valueFrom: { secretKeyRef: { name: "app-secrets", key: "AzureWebJobsStorage" } } },
            ];
          }),
      },
      {
        title: "the Application Insights connection string in the ConfigMap (an identifier, not a key)",
        resources: () =>
          withSetting(
            "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
          ),
      },
      {
        title: "the Application Insights connection string as a plain App Service setting",
        resources: () =>
          changed(appServiceStack(), webApp, "app", (props) => {
            props.siteConfig.appSettings.push({ name: "APPLICATIONINSIGHTS_CONNECTION_STRING", value: "InstrumentationKey=x" });
          }),
      },
    ],
    failing: [
      {
        title: "connection string as a plain app setting of a staging slot",
        resources: () =>
          changed(withStagingSlot(true), "azure-native:web:WebAppSlot", "app-staging", (props) => {
            props.siteConfig.appSettings.push({
              name: "AzureWebJobsStorage",
              value: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=b",
            });
          }),
        message: /AzureWebJobsStorage/,
      },
      {
        title: "connection string in the ConfigMap",
        resources: () => withSetting("AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=b"),
        message: /ConfigMap key "AzureWebJobsStorage" holds a secret: move it to a Kubernetes Secret/,
      },
      {
        title: "an account key under an innocent name",
        resources: () => withSetting("StorageSettings", "AccountName=a;AccountKey=b"),
        message: /ConfigMap key "StorageSettings" holds a secret/,
      },
      {
        title: "plain env value",
        resources: () => functionsContainer((container) => (container.env = [{ name: "OAUTH_CLIENT_SECRET", value: "s3cr3t" }])),
        message: /Container "functions" sets secret "OAUTH_CLIENT_SECRET" as a plain env value: take it from a Secret/,
      },
      {
        title: "plain app setting on App Service",
        resources: () =>
          changed(appServiceStack(), webApp, "app", (props) => {
            props.siteConfig.appSettings.push({ name: "ServiceBusConnectionString", value: "Endpoint=sb://bus.servicebus.windows.net/" });
          }),
        message:
          /App setting "ServiceBusConnectionString" holds a secret in plain text: store it in Key Vault and set the value to @Microsoft\.KeyVault/,
      },
      {
        title: "an Application Insights connection string that carries a key after all",
        resources: () => withSetting("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=x;SharedAccessKey=y"),
        message: /ConfigMap key "APPLICATIONINSIGHTS_CONNECTION_STRING" holds a secret/,
      },
      {
        title: "secret build arg",
        resources: () => withBuild({ buildArgs: { NPM_TOKEN: "npm_abc" } }),
        message: /Build arg "NPM_TOKEN" looks like a secret .*: pass it as a BuildKit secret/,
      },
    ],
  },
  "health-probes-on-api-health": {
    passing: [],
    failing: [
      {
        title: "no readiness probe",
        resources: () => functionsContainer((container) => delete container.readinessProbe),
        message: /Container "functions" has no readinessProbe httpGet: set readinessProbe\.httpGet\.path to "\/api\/health"/,
      },
      {
        title: "liveness on another path",
        resources: () => functionsContainer((container) => (container.livenessProbe.httpGet.path = "/")),
        message: /Container "functions" probes \/ in its livenessProbe: set livenessProbe\.httpGet\.path to "\/api\/health"/,
      },
      {
        title: "TCP liveness probe",
        resources: () => functionsContainer((container) => (container.livenessProbe = { tcpSocket: { port: 8080 } })),
        message: /has no livenessProbe httpGet/,
      },
    ],
  },
  "anonymous-app-behind-authenticated-ingress": {
    passing: [
      {
        title: "OAuth2 Proxy's own /oauth2 Ingress carries no auth annotations",
        resources: () => [
          ...aksStack(),
          ...changed(aksStack(), ingress, "app", (props) => {
            props.metadata = { name: "oauth2-proxy", namespace: "durable-aks" };
            props.spec.rules[0].http.paths[0].path = "/oauth2";
          }).filter((resource) => resource.type === ingress),
        ],
      },
      { title: "Gateway API: the HTTPRoute ends at OAuth2 Proxy", resources: () => gatewayApiStack() },
      {
        title: "App Service with function keys and no authentication",
        resources: () => without(withAuthLevel("function"), appServiceAuth),
      },
      {
        title: "App Service without an auth level (the app's default is function keys) and no authentication",
        resources: () =>
          without(
            changed(appServiceStack(), webApp, "app", (props) => {
              props.siteConfig.appSettings = props.siteConfig.appSettings.filter(
                (setting: { name: string }) => setting.name !== "HttpAuthLevel",
              );
            }),
            appServiceAuth,
          ),
      },
      { title: "an anonymous staging slot behind authentication of its own", resources: () => withStagingSlot(true) },
    ],
    failing: [
      {
        title: "an anonymous App Service without authentication",
        resources: () => without(appServiceStack(), appServiceAuth),
        message:
          /WebApp "app" is anonymous \(HttpAuthLevel anonymous\) but has no App Service authentication: add WebAppAuthSettingsV2 requiring an Entra ID sign-in, or set HttpAuthLevel to function/,
      },
      {
        title: "authentication that lets anonymous callers through",
        resources: () => withAppServiceAuth((props) => (props.globalValidation.unauthenticatedClientAction = "AllowAnonymous")),
        message:
          /WebApp "app" is anonymous .* authentication "app-auth" lets unauthenticated callers through: set globalValidation\.requireAuthentication/,
      },
      {
        title: "authentication that does not require it",
        resources: () => withAppServiceAuth((props) => (props.globalValidation.requireAuthentication = false)),
        message: /lets unauthenticated callers through/,
      },
      {
        title: "authentication switched off",
        resources: () => withAppServiceAuth((props) => (props.platform.enabled = false)),
        message: /authentication "app-auth" is off: set platform\.enabled to true/,
      },
      {
        title: "authentication without Entra ID",
        resources: () => withAppServiceAuth((props) => (props.identityProviders.azureActiveDirectory.enabled = false)),
        message:
          /authentication "app-auth" signs nobody in with Entra ID: enable identityProviders\.azureActiveDirectory with the application's client id/,
      },
      {
        title: "an anonymous staging slot with only the production site's authentication",
        resources: () => withStagingSlot(false),
        message:
          /WebAppSlot "app-staging" is anonymous \(HttpAuthLevel anonymous\) but has no App Service authentication: add WebAppAuthSettingsV2Slot/,
      },
      ...(["auth-url", "auth-response-headers"] as const).map((name) => ({
        title: `no ${name} annotation`,
        resources: () => withAnnotation(name, undefined),
        message: new RegExp(`Ingress "app" lacks nginx\\.ingress\\.kubernetes\\.io/${name}: set it to .* \\(OAuth2 Proxy\\)`),
      })),
      {
        title: "auth-url not served by OAuth2 Proxy",
        resources: () => withAnnotation("auth-url", "https://auth.example.com/verify"),
        message:
          /Ingress "app" has an unexpected "https:\/\/auth\.example\.com\/verify" in nginx\.ingress\.kubernetes\.io\/auth-url: set it to http:\/\/oauth2-proxy\.oauth2-proxy\.svc\.cluster\.local\/oauth2\/auth/,
      },
      {
        title: "an Ingress class that ignores the annotations",
        resources: () => changed(aksStack(), ingress, "app", (props) => (props.spec.ingressClassName = "traefik")),
        message:
          /Ingress "app" has class "traefik", where the NGINX auth annotations do nothing: set spec\.ingressClassName to webapprouting\.kubernetes\.azure\.com/,
      },
      {
        title: "a LoadBalancer Service",
        resources: () => changed(aksStack(), "kubernetes:core/v1:Service", "app", (props) => (props.spec.type = "LoadBalancer")),
        message:
          /Service "app" is of type LoadBalancer, which exposes the anonymous app past the authenticating proxy: set spec\.type to ClusterIP/,
      },
      {
        title: "an HTTPRoute straight to the app's Service",
        resources: () =>
          straightToApp((props) => (props.spec.rules[0].backendRefs = [{ name: "app", namespace: "durable-aks", port: 80 }])),
        message:
          /HTTPRoute "app" sends traffic straight to Service "app" in the app's namespace "durable-aks", past authentication: send it to OAuth2 Proxy/,
      },
      {
        title: "an HTTPRoute in the app's namespace to the app's Service (no namespace on the backendRef)",
        resources: () =>
          straightToApp((props) => {
            props.metadata.namespace = "durable-aks";
            props.spec.rules[0].backendRefs = [{ name: "app", port: 80 }];
          }),
        message: /HTTPRoute "app" sends traffic straight to Service "app" in the app's namespace "durable-aks"/,
      },
      {
        title: "an Ingress beside the Gateway that bypasses the proxy",
        resources: () => [
          ...gatewayApiStack(),
          ...changed(aksStack(), ingress, "app", (props) => {
            props.metadata.annotations = {};
            props.spec.ingressClassName = "traefik";
          }).filter((resource) => resource.type === ingress),
        ],
        message: /Ingress "app" lacks nginx\.ingress\.kubernetes\.io\/auth-url/,
      },
      {
        title: "Gateway API routes but no OAuth2 Proxy release",
        resources: () => without(gatewayApiStack(), "kubernetes:helm.sh/v3:Release"),
        message: /routes public traffic but deploys no OAuth2 Proxy/,
      },
      {
        title: "no OAuth2 Proxy release",
        resources: () => without(aksStack(), "kubernetes:helm.sh/v3:Release"),
        message: /routes public traffic but deploys no OAuth2 Proxy to authenticate it: add the oauth2-proxy Helm release/,
      },
    ],
  },
};
