import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** The Secret the Job creates in the proxy's namespace; the Helm release reads its `cookie-secret` key. */
export const cookieSecretName = "oauth2-proxy-cookie";
export const cookieSecretKey = "cookie-secret";
const writerName = "oauth2-proxy-cookie-writer";

/**
 * Node.js run inside the cluster: creates the cookie Secret from 24 random bytes written as 32 URL-safe base64
 * characters (oauth2-proxy decodes URL-safe base64 first and accepts 16, 24 or 32 bytes: oauth2-proxy/oauth2-proxy
 * pkg/encryption/utils.go SecretBytes, pkg/validation/cookie.go). An existing Secret (409) is kept, so a re-run never
 * rotates it. The value exists only in the cluster: neither Pulumi's state nor its logs ever see it.
 * SERVICE_ACCOUNT_DIR and KUBERNETES_API_URL exist for tests; in the pod the defaults apply.
 */
export const cookieSecretScript = `
const fs = require("fs"), crypto = require("crypto"), http = require("http"), https = require("https");
const dir = process.env.SERVICE_ACCOUNT_DIR || "/var/run/secrets/kubernetes.io/serviceaccount";
const api = new URL(process.env.KUBERNETES_API_URL || "https://" + process.env.KUBERNETES_SERVICE_HOST + ":" + process.env.KUBERNETES_SERVICE_PORT);
const namespace = fs.readFileSync(dir + "/namespace", "utf8").trim();
const cookie = crypto.randomBytes(24).toString("base64url");
const body = JSON.stringify({
  apiVersion: "v1", kind: "Secret", type: "Opaque",
  metadata: { name: ${JSON.stringify(cookieSecretName)}, namespace, labels: { "app.kubernetes.io/managed-by": "oauth2-proxy-cookie-job" } },
  data: { ${JSON.stringify(cookieSecretKey)}: Buffer.from(cookie).toString("base64") },
});
const request = (api.protocol === "https:" ? https : http).request(new URL("/api/v1/namespaces/" + namespace + "/secrets", api), {
  method: "POST",
  ca: api.protocol === "https:" ? fs.readFileSync(dir + "/ca.crt") : undefined,
  headers: { authorization: "Bearer " + fs.readFileSync(dir + "/token", "utf8").trim(), "content-type": "application/json" },
}, (response) => {
  let text = "";
  response.on("data", (chunk) => (text += chunk));
  response.on("end", () => {
    if (response.statusCode === 201) console.log("created secret " + namespace + "/${cookieSecretName}");
    else if (response.statusCode === 409) console.log("secret " + namespace + "/${cookieSecretName} exists: kept");
    else { console.error("creating the secret failed: " + response.statusCode + " " + text); process.exitCode = 1; }
  });
});
request.on("error", (error) => { console.error(error.message); process.exitCode = 1; });
request.end(body);
`;

export interface CookieSecretJobArgs {
  namespace: pulumi.Input<string>;
  /** An image pinned by digest with `node` on its PATH and a non-root user: the app's own (the Functions Node image). */
  image: pulumi.Input<string>;
  /** What the Job's pod waits for: the user node pool (the system pool is tainted). */
  workloadsDependOn: pulumi.Resource[];
}

/**
 * OAuth2 Proxy's cookie secret, created in the cluster by a Job that Pulumi runs and waits for, so the secret that
 * signs every session never enters Pulumi's state. Rotate it: docs/security.md ("Rotating the cookie secret").
 */
export function createCookieSecretJob(name: string, args: CookieSecretJobArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.Job {
  const labels = {
    "app.kubernetes.io/name": writerName,
    "app.kubernetes.io/part-of": "durable-aks",
    "app.kubernetes.io/managed-by": "pulumi",
  };
  const metadata = { name: writerName, namespace: args.namespace, labels };
  const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-writer`, { metadata }, opts);
  // Create only: the Job can neither read the Secret back nor touch any other (RBAC resourceNames cannot narrow a create).
  const role = new k8s.rbac.v1.Role(
    `${name}-writer-role`,
    { metadata, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["create"] }] },
    opts,
  );
  const binding = new k8s.rbac.v1.RoleBinding(
    `${name}-writer-binding`,
    {
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
      subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: args.namespace }],
    },
    opts,
  );
  return new k8s.batch.v1.Job(
    `${name}-job`,
    {
      metadata: { name: "oauth2-proxy-cookie-secret", namespace: args.namespace, labels },
      spec: {
        backoffLimit: 4,
        activeDeadlineSeconds: 600,
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: serviceAccount.metadata.name,
            restartPolicy: "Never",
            securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "create-cookie-secret",
                image: args.image,
                command: ["node", "-e", cookieSecretScript],
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  runAsNonRoot: true,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
              },
            ],
          },
        },
      },
    },
    // A Job's template cannot change; the Secret outlives it, so a newer app image is no reason to run it again.
    { ...opts, dependsOn: [binding, ...args.workloadsDependOn], ignoreChanges: ["spec.template.spec.containers[0].image"] },
  );
}
