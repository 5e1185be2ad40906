// The import direction (npm run lint): config <- lib <- platform <- workload <- program; the app never imports the
// infrastructure, which reads only the app's contract; the policy pack stands alone; no cycles anywhere.
// test/tools/lint/importRules.test.ts shows each rule failing on a wrong import.
const layer = (name) => `^infra/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", from: {}, to: { circular: true } },
    {
      name: "config-imports-nothing-above",
      comment: "infra/config reads and validates config; it knows no component.",
      severity: "error",
      from: { path: layer("config") },
      to: { path: ["^infra/(lib|platform|workload)/", "^infra/(index|program)\\.ts$"] },
    },
    {
      name: "lib-imports-only-config",
      severity: "error",
      from: { path: layer("lib") },
      to: { path: ["^infra/(platform|workload)/", "^infra/(index|program)\\.ts$"] },
    },
    {
      name: "platform-imports-no-workload",
      severity: "error",
      from: { path: layer("platform") },
      to: { path: ["^infra/workload/", "^infra/(index|program)\\.ts$"] },
    },
    {
      name: "workload-imports-no-program",
      severity: "error",
      from: { path: layer("workload") },
      to: { path: "^infra/(index|program)\\.ts$" },
    },
    {
      name: "infra-reads-only-the-app-contract",
      severity: "error",
      from: { path: "^infra/" },
      to: { path: "^app/", pathNot: "^app/(src/contract/|host\\.json$)" },
    },
    {
      name: "app-imports-no-infrastructure",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^(infra|bootstrap|tools|policy|test)/" },
    },
    {
      name: "policy-stands-alone",
      severity: "error",
      from: { path: "^policy/" },
      to: { path: "^(infra|bootstrap|tools|app|test)/" },
    },
    {
      name: "bootstrap-reads-only-config-and-lib",
      severity: "error",
      from: { path: "^bootstrap/" },
      to: { path: ["^infra/(platform|workload)/", "^infra/(index|program)\\.ts$", "^(tools|test|app)/"] },
    },
    {
      name: "sources-import-no-tests",
      severity: "error",
      from: { path: "^(infra|bootstrap|policy|app)/" },
      to: { path: "^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)node_modules/|(^|/)dist/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
