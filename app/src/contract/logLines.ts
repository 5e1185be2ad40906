/**
 * Log lines the infrastructure's alerts and workbook read. The parked-instances timer logs this prefix followed by the
 * count (app/src/maintenance/parkedInstances.ts); the alert parses the number after it.
 */
export const parkedInstancesLogPrefix = "Parked orchestration instances: ";
