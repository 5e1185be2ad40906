// The one module that registers the app's functions with the host; everything it registers is a plain exported
// function from the modules below.
import { app, type HttpMethod } from "@azure/functions";
import * as df from "durable-functions";
import type { HttpDurableClientHandler } from "durable-functions";
import { processAppSettings } from "./appSettings";
import { callerAuthenticator } from "./auth/callerAuthentication";
import { tokenValidator } from "./auth/tokenValidator";
import { functionNames } from "./contract/functionNames";
import { answerUnavailableBackend } from "./http/backendUnavailable";
import { readCounter, signalCounter } from "./http/counter";
import { getStatus } from "./http/getStatus";
import { health } from "./http/health";
import { keyInHeaderOnly } from "./http/keyInHeaderOnly";
import { startPattern } from "./http/startPattern";
import { submitApproval } from "./http/submitApproval";
import { submitQuery } from "./http/submitQuery";
import { approvalOrchestrator } from "./patterns/approval";
import { chainingOrchestrator, normalizeText, signText, titleCaseText } from "./patterns/chaining";
import { counterEntity } from "./patterns/counterEntity";
import { fanOutFanInOrchestrator, measureWord } from "./patterns/fanOutFanIn";
import { parkedInstancesSchedule, reportParkedInstances } from "./maintenance/parkedInstances";
import { historyPurgeSchedule, purgeOrchestrationHistory } from "./maintenance/purgeHistory";
import { checkJobStatus, monitorOrchestrator } from "./patterns/monitor";
import { countCertifiedIdentifications } from "./query/countActivity";
import { queryOrchestrator } from "./query/queryOrchestrator";

// Probes must work without keys, whatever the hosting.
app.http(functionNames.health, { route: "health", methods: ["GET"], authLevel: "anonymous", handler: health });

// Every app setting is read and checked once, here: a malformed one stops the app with a message naming the setting, its
// value and the rule. After the first registration on purpose: the Node worker hands an error thrown while loading the
// entry point to the host only once the app has registered a function (azure-functions-nodejs-worker src/startApp.ts,
// src/eventHandlers/FunctionsMetadataHandler.ts); the host then logs "Worker failed to index functions" with it and
// serves no function (azure-functions-host src/WebJobs.Script.Grpc/Channel/GrpcWorkerChannel.cs). Thrown earlier, the
// host would fall back to its own indexing and start with no functions and no error.
const { httpAuthLevel, tokenAuthority } = processAppSettings();
// Approvals need a caller: tokens are validated against the tenant's keys; without the sign-in settings those routes answer 503.
const callers = callerAuthenticator(tokenAuthority && tokenValidator(tokenAuthority));

function durableRoute(name: string, route: string, method: HttpMethod, handler: HttpDurableClientHandler): void {
  df.app.client.http(name, {
    route,
    methods: [method],
    authLevel: httpAuthLevel,
    extraInputs: [df.input.durableClient()],
    handler: keyInHeaderOnly(answerUnavailableBackend(handler)),
  });
}

durableRoute(functionNames.submitQuery, "submit/query", "GET", submitQuery);
durableRoute(functionNames.getStatus, "status/{id}", "GET", getStatus);
durableRoute(functionNames.startPattern, "patterns/{name}", "POST", (request, client, context) =>
  startPattern(request, client, context, callers),
);
durableRoute(functionNames.submitApproval, "approvals/{id}/{decision}", "POST", (request, client, context) =>
  submitApproval(request, client, context, callers),
);
durableRoute(functionNames.signalCounter, "counters/{key}/{operation}", "POST", signalCounter);
durableRoute(functionNames.readCounter, "counters/{key}", "GET", readCounter);

df.app.orchestration(functionNames.queryOrchestrator, queryOrchestrator);
df.app.activity(functionNames.countActivity, { handler: countCertifiedIdentifications });

df.app.orchestration(functionNames.chainingOrchestrator, chainingOrchestrator);
df.app.activity(functionNames.chainNormalizeText, { handler: normalizeText });
df.app.activity(functionNames.chainTitleCaseText, { handler: titleCaseText });
df.app.activity(functionNames.chainSignText, { handler: signText });

df.app.orchestration(functionNames.fanOutFanInOrchestrator, fanOutFanInOrchestrator);
df.app.activity(functionNames.measureWord, { handler: measureWord });

df.app.orchestration(functionNames.approvalOrchestrator, approvalOrchestrator);

df.app.orchestration(functionNames.monitorOrchestrator, monitorOrchestrator);
df.app.activity(functionNames.checkJobStatus, { handler: checkJobStatus });

df.app.entity(functionNames.counterEntity, counterEntity);

// df.app.client.timer adds the durableClient input itself (durable-functions 3.5.0 lib/src/client.js addClientInput).
df.app.client.timer(functionNames.purgeHistory, { schedule: historyPurgeSchedule, handler: purgeOrchestrationHistory });
app.timer(functionNames.reportParkedInstances, { schedule: parkedInstancesSchedule, handler: reportParkedInstances });
