// Defaults the app falls back to; TODO(lead): import from app/src/settingNames.ts once it lands so they are spelled once.
export const appSettingDefaults = {
  connectionStringKey: "storage-account-connection-string",
  connectionStringLabel: "async-http-api",
  auditTableName: "audit",
} as const;
