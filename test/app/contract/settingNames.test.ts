// app/src/contract/settingNames.ts is imported by the infrastructure: it must stay import-free and be the only place a
// setting name is spelled.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as settingNames from "../../../app/src/contract/settingNames";

const sourceDirectory = join(__dirname, "..", "..", "..", "app", "src");
const settingNamesFile = join(sourceDirectory, "contract", "settingNames.ts");

function sources(directory = sourceDirectory): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const allNames = [
  settingNames.appSettingNames,
  settingNames.hostSettingNames,
  settingNames.appServiceSettingNames,
  settingNames.imageSettingNames,
].flatMap((group) => Object.values(group));

describe("settingNames.ts", () => {
  it("has no imports and no side effects", () => {
    const text = readFileSync(settingNamesFile, "utf8");
    expect(text).not.toMatch(/^\s*import\b/m);
    expect(text).not.toMatch(/\brequire\(/);
    expect(text).not.toMatch(/process\./);
  });

  it("spells each name once", () => {
    expect(new Set(allNames).size).toBe(allNames.length);
  });

  it("defaults match the original API's: key, label and table", () => {
    const { appSettingDefaults, appSettingNames } = settingNames;
    expect(appSettingDefaults[appSettingNames.appConfigConnectionKey]).toBe("storage-account-connection-string");
    expect(appSettingDefaults[appSettingNames.appConfigConnectionLabel]).toBe("async-http-api");
    expect(appSettingDefaults[appSettingNames.auditTableName]).toBe("audit");
  });

  it("no other app module spells a setting name or reads process.env by property", () => {
    for (const file of sources().filter((path) => path !== settingNamesFile)) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/process\.env\.\w|process\.env\[/);
      for (const name of allNames) expect(text.includes(`"${name}"`), `${file} spells "${name}"`).toBe(false);
    }
  });
});
