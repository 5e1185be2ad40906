import * as command from "@pulumi/command";
import * as web from "@pulumi/azure-native/web";
import * as pulumi from "@pulumi/pulumi";
import { azCliScript } from "../../../lib/azCliScript";

const site = '--subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --name "$SITE_NAME"';

/**
 * The SNI binding's shell text. `az webapp config ssl bind/unbind` set the ssl state of the site's host names the
 * certificate covers (Azure/azure-cli src/azure-cli/azure/cli/command_modules/appservice/custom.py, _update_ssl_binding).
 * App Service renews a managed certificate by itself, with a new thumbprint: unbind reads the current one.
 */
export const sniBindingCommands = {
  bind: azCliScript(`az webapp config ssl bind ${site} --certificate-thumbprint "$THUMBPRINT" --ssl-type SNI --output none`),
  unbind: azCliScript(
    [
      'THUMBPRINT=$(az resource show --ids "$CERTIFICATE_ID" --query properties.thumbprint --output tsv)',
      `az webapp config ssl unbind ${site} --certificate-thumbprint "$THUMBPRINT" --output none`,
    ].join("\n"),
  ),
} as const;

export interface CustomDomainArgs {
  hostname: string;
  siteName: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  location: string;
  planId: pulumi.Input<string>;
  tags: Record<string, string>;
}

/**
 * A custom domain with a free App Service managed certificate. The DNS records come first, outside the stack: a CNAME
 * from the hostname to the site's default host and a TXT record `asuid.<hostname>` with the stack output
 * customDomainVerificationId. Three steps, because the certificate needs the bound hostname and the TLS binding needs
 * the certificate (Azure/bicep docs/examples/301/function-app-with-custom-domain-managed-certificate/main.bicep;
 * pulumi/pulumi-azure-native issue 578): the hostname bound without TLS, the certificate, then the SNI binding, which
 * the Azure CLI sets because azure-native cannot declare a second binding of the same hostname.
 */
export function bindCustomDomain(name: string, args: CustomDomainArgs, parent: pulumi.Resource) {
  const binding = new web.WebAppHostNameBinding(
    `${name}-hostname`,
    {
      name: args.siteName,
      resourceGroupName: args.resourceGroupName,
      hostName: args.hostname,
      siteName: args.siteName,
      hostNameType: web.HostNameType.Verified,
      customHostNameDnsRecordType: web.CustomHostNameDnsRecordType.CName,
      sslState: web.SslState.Disabled,
    },
    // The SNI binding below sets both, and App Service rebinds renewed certificates itself.
    { parent, ignoreChanges: ["sslState", "thumbprint"] },
  );
  // Free managed certificates: subdomains by CNAME, at most 64 characters, no wildcard, renewed by App Service
  // (learn.microsoft.com/azure/app-service/configure-ssl-certificate).
  const certificate = new web.Certificate(
    `${name}-certificate`,
    {
      name: args.hostname,
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      serverFarmId: args.planId,
      canonicalName: args.hostname,
      tags: args.tags,
    },
    { parent, dependsOn: [binding] },
  );
  new command.local.Command(
    `${name}-sni`,
    {
      create: sniBindingCommands.bind,
      update: sniBindingCommands.bind,
      delete: sniBindingCommands.unbind,
      interpreter: ["/bin/sh", "-c"],
      environment: {
        SUBSCRIPTION: certificate.id.apply((id) => id.split("/")[2] ?? ""),
        RESOURCE_GROUP: args.resourceGroupName,
        SITE_NAME: args.siteName,
        THUMBPRINT: certificate.thumbprint,
        CERTIFICATE_ID: certificate.id,
      },
    },
    { parent, dependsOn: [binding] },
  );
  return { url: `https://${args.hostname}/api` };
}
