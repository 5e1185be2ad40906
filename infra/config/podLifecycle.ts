/** Seconds the pod keeps serving after SIGTERM so the ingress stops routing to it before the host begins to drain. */
export const preStopSleepSeconds = 10;
