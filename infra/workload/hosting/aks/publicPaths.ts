// The app's public API (app/src/index.ts), by first route segment. /api/health is left out on purpose: probes reach
// it inside the cluster, the internet does not. test/infra/workload/hosting/aks/publicPaths.test.ts keeps this in step with the app.
export const publicPaths = ["/api/submit/", "/api/status/", "/api/patterns/", "/api/approvals/", "/api/counters/"];
