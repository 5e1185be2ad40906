import { mandatoryResourcePolicy } from "../lib/define-policy";
import { kubernetesTypes } from "../lib/resource-types";
import { asString, pathOf } from "../lib/props";
import { containersOf, describeContainer, podSpecOf } from "../lib/pod-spec";

const healthPath = "/api/health";
const probes = ["livenessProbe", "readinessProbe"] as const;

export const healthProbesOnApiHealth = mandatoryResourcePolicy({
  name: "health-probes-on-api-health",
  description: `Each Functions container has liveness and readiness probes on ${healthPath}, the app's health endpoint.`,
  appliesTo: (type) => type === kubernetesTypes.deployment,
  validate: (props, args, reportViolation) => {
    for (const container of containersOf(podSpecOf(args.type, props)).filter((candidate) => !candidate.init)) {
      for (const probe of probes) {
        const path = asString(pathOf(container.props, probe, "httpGet", "path"));
        if (path !== healthPath) {
          const found = path === undefined ? `has no ${probe} httpGet` : `probes ${path} in its ${probe}`;
          reportViolation(`${describeContainer(container)} ${found}: set ${probe}.httpGet.path to "${healthPath}" on the container port.`);
        }
      }
    }
  },
});
