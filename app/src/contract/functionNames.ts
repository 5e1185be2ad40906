/** Names the functions are registered under; orchestrators call activities and entities by these names. */
export const functionNames = {
  // HTTP
  submitQuery: "submitQuery",
  getStatus: "getStatus",
  health: "health",
  startPattern: "startPattern",
  submitApproval: "submitApproval",
  signalCounter: "signalCounter",
  readCounter: "readCounter",
  // The date-range query
  queryOrchestrator: "queryOrchestrator",
  countActivity: "countCertifiedIdentifications",
  // The durable patterns
  chainingOrchestrator: "chainingOrchestrator",
  chainNormalizeText: "chainNormalizeText",
  chainTitleCaseText: "chainTitleCaseText",
  chainSignText: "chainSignText",
  fanOutFanInOrchestrator: "fanOutFanInOrchestrator",
  measureWord: "measureWord",
  approvalOrchestrator: "approvalOrchestrator",
  monitorOrchestrator: "monitorOrchestrator",
  checkJobStatus: "checkJobStatus",
  counterEntity: "counter",
  // Maintenance
  purgeHistory: "purgeOrchestrationHistory",
  reportParkedInstances: "reportParkedInstances",
} as const;
