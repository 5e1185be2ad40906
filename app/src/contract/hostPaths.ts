// Where the Functions host in the official image writes at run time, spelled once for the image, the AKS Deployment
// and the container smoke test. Pure data: the infrastructure imports it.

/**
 * Writable paths on AKS (a container: WEBSITE_INSTANCE_ID unset). Logs go to /tmp/Functions, test data to
 * /tmp/FunctionsData, secrets (sentinel files) to <host dir>/Secrets (azure-functions-host
 * src/WebJobs.Script.WebHost/Configuration/WebScriptHostConfigurationSource.cs); a bundle missing from the image's
 * probing path would be downloaded under $HOME/data/Functions/ExtensionBundles
 * (src/WebJobs.Script/Config/ExtensionBundleConfigurationHelper.cs, HOME=/home in the image).
 */
export const hostWritablePaths = ["/tmp", "/azure-functions-host/Secrets", "/home/data"] as const;

/**
 * Writable paths on App Service (WEBSITE_INSTANCE_ID set): logs under $HOME/LogFiles/Application/Functions, secrets
 * and test data under $HOME/data/Functions (same source file). With App Service storage off, /home is the image's own,
 * so the image hands these to the runtime user.
 */
export const appServiceWritablePaths = ["/home/LogFiles", "/home/data"] as const;

/** The numeric user and group the image runs as, and the AKS pod runs as. */
export const runtimeUser = { uid: 1000, gid: 1000 } as const;
