import { appSettingDefaults as app, appSettingNames as names } from "../../app/src/contract";

// The app's own fallbacks, spelled once in app/src/contract/settingNames.ts.
export const appSettingDefaults = {
  connectionStringKey: app[names.appConfigConnectionKey],
  connectionStringLabel: app[names.appConfigConnectionLabel],
  auditTableName: app[names.auditTableName],
  queryMaxRangeDays: Number(app[names.queryMaxRangeDays]),
} as const;
