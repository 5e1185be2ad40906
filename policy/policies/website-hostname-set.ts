import { mandatoryHostSettingsPolicy } from "../lib/host-settings-policy";
import { describeHostSetting } from "../lib/functions-hosts";
import { hostsOfIngress, ingressesOf } from "../lib/ingress";

const setting = "WEBSITE_HOSTNAME";

export const websiteHostnameSet = mandatoryHostSettingsPolicy({
  name: "website-hostname-set",
  description:
    "Containers get no WEBSITE_HOSTNAME from a platform: it must be set, and on AKS equal the Ingress host, or Durable status URLs point at the pod.",
  check: (host, { resources }, reportViolation) => {
    const hostname = host.settings.get(setting)?.value?.trim().toLowerCase();
    if (!hostname) {
      reportViolation(
        `${describeHostSetting(host, setting)}: set ${setting} to the public hostname (on AKS the Ingress host) so Durable callback and status URLs point at it.`,
      );
      return;
    }
    if (host.hosting !== "aks") return;
    const ingressHosts = ingressesOf(resources, host.namespace).flatMap(hostsOfIngress);
    if (!ingressHosts.includes(hostname)) {
      const found = ingressHosts.length > 0 ? `the Ingress hosts are ${ingressHosts.join(", ")}` : "no Ingress in its namespace has a host";
      reportViolation(`${host.label} sets ${setting} "${hostname}" but ${found}: set ${setting} to the host of the Ingress that routes to the app.`);
    }
  },
});
