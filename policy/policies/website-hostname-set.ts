import { mandatoryHostSettingsPolicy } from "../lib/host-settings-policy";
import { describeHostSetting } from "../lib/functions-hosts";
import { publicHostsFor } from "../lib/ingress";

const setting = "WEBSITE_HOSTNAME";

/** App Service sets WEBSITE_HOSTNAME itself; a container on AKS gets it only from its settings. */
export const websiteHostnameSet = mandatoryHostSettingsPolicy({
  name: "website-hostname-set",
  description: `On AKS the Functions container gets ${setting} from its settings, equal to the Ingress (or HTTPRoute) host, or Durable status URLs point at the pod.`,
  check: (host, { resources }, reportViolation) => {
    if (host.hosting !== "aks") return;
    const hostname = host.settings.get(setting)?.value?.trim().toLowerCase();
    if (!hostname) {
      reportViolation(
        `${describeHostSetting(host, setting)}: set ${setting} to the Ingress host so Durable callback and status URLs point at it.`,
      );
      return;
    }
    const ingressHosts = publicHostsFor(resources, host.namespace);
    if (!ingressHosts.includes(hostname)) {
      const found =
        ingressHosts.length > 0
          ? `the Ingress hosts are ${ingressHosts.join(", ")}`
          : "no Ingress in its namespace and no HTTPRoute has a host";
      reportViolation(
        `${host.label} sets ${setting} "${hostname}" but ${found}: set ${setting} to the host of the Ingress that routes to the app.`,
      );
    }
  },
});
