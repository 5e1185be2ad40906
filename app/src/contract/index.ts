// What the app and the infrastructure share: setting names, function names, the host's writable paths, host.json, log
// lines alerts read.
// The only part of the app the infrastructure imports (the import rule in .dependency-cruiser.cjs holds it to that),
// so it stays free of side effects and of imports beyond itself.
export * from "./settingNames";
export * from "./functionNames";
export * from "./hostPaths";
export * from "./hostJson";
export * from "./logLines";
export * from "./signInNames";
