// What counts as a secret app setting: by name (AzureWebJobsStorage and anything named like a credential)
// or by value (a connection string carrying a key). Identity-based settings such as AzureWebJobsStorage__accountName are not.

const secretNames = new Set(["azurewebjobsstorage"]);
const secretNameSuffix = /(connectionstring|password|secret|accountkey|accesskey|apikey|token|sastoken)$/i;
const secretValue = /(AccountKey|SharedAccessKey|SharedAccessSignature|Password|ClientSecret)=/i;

// "The connection string contains an ikey ... It's not considered a security token or key"
// (https://learn.microsoft.com/azure/azure-monitor/app/connection-strings); ingestion needs Entra ID once local auth is off.
const identifierConnectionStrings = new Set(["applicationinsights_connection_string"]);

export function isSecretSettingName(name: string): boolean {
  if (identifierConnectionStrings.has(name.toLowerCase())) return false;
  const lastSegment = (name.split("__").pop() ?? name).replace(/[_-]/g, "");
  return secretNames.has(name.toLowerCase()) || secretNameSuffix.test(lastSegment);
}

export function looksLikeSecretValue(value: string | undefined): boolean {
  return value !== undefined && secretValue.test(value);
}

export function isSecretSetting(name: string, value: string | undefined): boolean {
  return isSecretSettingName(name) || looksLikeSecretValue(value);
}

export function isKeyVaultReference(value: string | undefined): boolean {
  return value !== undefined && /^@Microsoft\.KeyVault\(/.test(value.trim());
}
