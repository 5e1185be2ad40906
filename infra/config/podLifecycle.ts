/** Seconds the pod keeps serving after SIGTERM so the ingress stops routing to it before the host begins to drain. */
export const preStopSleepSeconds = 10;

/**
 * What the Functions host takes to stop after SIGTERM: it starts drain mode (no new work) without awaiting it, gives the
 * script host at most 10 s (azure-functions-host src/WebJobs.Script.WebHost/WebJobsScriptHostService.cs StopAsync; issue
 * 9822 asks to await drain) and the Node worker at most 10 s (src/WebJobs.Script/Workers/ProcessManagement/
 * WorkerProcessCountOptions.cs ProcessShutdownTimeout). An execution still running then is cut off; Durable redelivers
 * its message once the lock lapses.
 */
export const hostShutdownSeconds = 20;

/** The default grace period: the preStop sleep, the host's stop budget and 30 s for the process to exit. */
export const defaultTerminationGracePeriodSeconds = preStopSleepSeconds + hostShutdownSeconds + 30;
