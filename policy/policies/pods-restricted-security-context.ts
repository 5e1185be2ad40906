import { mandatoryResourcePolicy } from "../lib/define-policy";
import { isPodWorkloadType } from "../lib/resource-types";
import { asArray, asString, pathOf, type Props } from "../lib/props";
import { containersOf, describeContainer, podSpecOf, type ContainerSpec } from "../lib/pod-spec";

const allowedSeccompProfiles = ["RuntimeDefault", "Localhost"];
const hostNamespaces = ["hostNetwork", "hostPID", "hostIPC"] as const;

/** The Kubernetes "restricted" Pod Security Standard, as far as the app's own workloads set it. */
export const podsRestrictedSecurityContext = mandatoryResourcePolicy({
  name: "pods-restricted-security-context",
  description:
    "Pods meet the restricted Pod Security Standard: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, no host namespaces.",
  appliesTo: isPodWorkloadType,
  validate: (props, args, reportViolation) => {
    const podSpec = podSpecOf(args.type, props);
    for (const namespace of hostNamespaces) {
      if (podSpec?.[namespace] === true) reportViolation(`The pod shares the node's namespaces (${namespace}: true): remove ${namespace}.`);
    }
    for (const container of containersOf(podSpec)) {
      for (const problem of restrictedProblems(container, podSpec)) reportViolation(`${describeContainer(container)} ${problem}.`);
    }
  },
});

function restrictedProblems(container: ContainerSpec, podSpec: Props | undefined): string[] {
  const own = (...path: string[]) => pathOf(container.props, "securityContext", ...path);
  const inherited = (...path: string[]) => own(...path) ?? pathOf(podSpec, "securityContext", ...path);
  const problems: string[] = [];
  if (inherited("runAsNonRoot") !== true) {
    problems.push("may run as root: set securityContext.runAsNonRoot: true (with a non-zero runAsUser)");
  }
  if (own("allowPrivilegeEscalation") !== false) {
    problems.push("allows privilege escalation: set securityContext.allowPrivilegeEscalation: false");
  }
  if (own("privileged") === true) {
    problems.push("is privileged: remove securityContext.privileged");
  }
  if (!asArray(own("capabilities", "drop")).includes("ALL")) {
    problems.push('keeps Linux capabilities: set securityContext.capabilities.drop: ["ALL"]');
  }
  if (!allowedSeccompProfiles.includes(asString(inherited("seccompProfile", "type")) ?? "")) {
    problems.push("has no seccomp profile: set securityContext.seccompProfile.type: RuntimeDefault");
  }
  return problems;
}
