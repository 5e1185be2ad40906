export const appName = "durable-app";

export const selectorLabels = { "app.kubernetes.io/name": appName } as const;

export const commonLabels = {
  ...selectorLabels,
  "app.kubernetes.io/part-of": "durable-aks",
  "app.kubernetes.io/managed-by": "pulumi",
} as const;
