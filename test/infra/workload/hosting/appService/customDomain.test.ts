// `hostname` on App Service: a custom domain with a free App Service managed certificate, bound by SNI. Without it the
// site's default *.azurewebsites.net host is the public URL (App Service serves it with TLS).
import { describe, expect, it } from "vitest";
import { ofType, sharedRun } from "../../../../support/programRuns";
import { only } from "../../../../support/infra";
import type { ProgramRun } from "../../../../../tools/render/runProgram";

const types = {
  site: "azure-native:web:WebApp",
  plan: "azure-native:web:AppServicePlan",
  binding: "azure-native:web:WebAppHostNameBinding",
  certificate: "azure-native:web:Certificate",
  command: "command:local:Command",
};
const appService = { hosting: "appService", oauth2Proxy: undefined };
const sniBinding = (run: ProgramRun) => ofType(run, types.command).filter((item) => item.name.endsWith("-sni"));

describe.each(["dev", "prod"])("a custom domain on App Service (stack %s, its hostname)", (stack) => {
  const withDomain = () => sharedRun(stack, appService);

  it("binds the hostname to the production site, verified by the CNAME and asuid TXT records", async () => {
    const run = await withDomain();
    const site = only(run, types.site);
    const binding = only(run, types.binding);
    expect(binding.inputs).toMatchObject({
      name: site.inputs.name,
      resourceGroupName: site.inputs.resourceGroupName,
      hostName: run.settings.hostname,
      siteName: site.inputs.name,
      hostNameType: "Verified",
      customHostNameDnsRecordType: "CName",
      sslState: "Disabled",
    });
    // The SNI binding below changes sslState and thumbprint; App Service renews the certificate and rebinds by itself.
    expect(binding.options.ignoreChanges).toEqual(["sslState", "thumbprint"]);
    expect(run.outputs.customDomainVerificationId).toBe(site.state.customDomainVerificationId);
  });

  it("creates a free managed certificate for it on the plan, once the hostname is bound", async () => {
    const run = await withDomain();
    const certificate = only(run, types.certificate);
    const plan = only(run, types.plan);
    expect(certificate.inputs).toMatchObject({ canonicalName: run.settings.hostname, serverFarmId: plan.id, tags: run.settings.tags });
    expect(certificate.inputs).not.toHaveProperty("pfxBlob");
    expect(certificate.inputs).not.toHaveProperty("password");
    expect(certificate.options.dependsOn).toContain(only(run, types.binding).name);
  });

  it("binds the certificate by SNI, and unbinds the certificate the binding holds when it goes", async () => {
    const run = await withDomain();
    const [bind] = sniBinding(run);
    const certificate = only(run, types.certificate);
    expect(bind!.inputs.create).toMatch(
      /az webapp config ssl bind --subscription "\$SUBSCRIPTION" --resource-group "\$RESOURCE_GROUP" --name "\$SITE_NAME" --certificate-thumbprint "\$THUMBPRINT" --ssl-type SNI/,
    );
    expect(bind!.inputs.update).toBe(bind!.inputs.create);
    // Renewal changes the thumbprint without Pulumi: the delete reads the certificate's current one.
    expect(bind!.inputs.delete).toMatch(
      /THUMBPRINT=\$\(az resource show --ids "\$CERTIFICATE_ID" --query properties\.thumbprint --output tsv\)/,
    );
    expect(bind!.inputs.delete).toMatch(/az webapp config ssl unbind .*--certificate-thumbprint "\$THUMBPRINT"/);
    expect(bind!.inputs.environment).toMatchObject({
      SITE_NAME: only(run, types.site).inputs.name,
      THUMBPRINT: certificate.state.thumbprint,
      CERTIFICATE_ID: certificate.id,
      SUBSCRIPTION: certificate.id.split("/")[2],
    });
    // A fresh CLI session in CI, as every az call of the program.
    expect(bind!.inputs.create).toMatch(/AZURE_FEDERATED_TOKEN_FILE/);
  });

  it("serves the API at the custom domain", async () => {
    const run = await withDomain();
    expect(run.outputs.url).toBe(`https://${run.settings.hostname}/api`);
  });
});

describe("without hostname", () => {
  it("serves the site's default host with its TLS, and binds nothing", async () => {
    const run = await sharedRun("dev", { ...appService, hostname: undefined });
    for (const type of [types.binding, types.certificate]) expect(ofType(run, type), type).toEqual([]);
    expect(sniBinding(run)).toEqual([]);
    expect(run.outputs.url).toBe(`https://${only(run, types.site).state.defaultHostName}/api`);
    expect(run.outputs.url).toMatch(/^https:\/\/func-[a-z0-9-]+\.azurewebsites\.net\/api$/);
  });
});
