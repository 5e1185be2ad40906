import * as web from "@pulumi/azure-native/web";
import * as pulumi from "@pulumi/pulumi";
import { hostSettingNames } from "../../../../app/src/contract";
import type { StagingSlotSettings } from "../../../config";
import { entraSignIn, federatedSignInSetting, type EntraSignInInput } from "./entraSignIn";

export interface StagingSlotArgs {
  slot: StagingSlotSettings;
  site: web.WebApp;
  resourceGroupName: pulumi.Input<string>;
  /** Everything a site declares but its name, with the slot's own image and settings. */
  properties: Omit<web.WebAppSlotArgs, "name" | "slot">;
  signIn: EntraSignInInput;
  dependsOn: pulumi.Resource[];
}

/** The slot's own values of the settings the map holds once for production: never shared, so never swapped. */
export function stagingOverrides(slot: StagingSlotSettings): Record<string, string> {
  return { [hostSettingNames.taskHubName]: slot.taskHubName, [hostSettingNames.hostId]: slot.hostId };
}

/**
 * A deployment slot of the production site, smoke-tested before production gets its image. Its own task hub keeps smoke
 * orchestrations out of production's, and its own host id keeps host locks and keys apart on the shared storage
 * account. Nothing here swaps (azure-native has no swap resource: pulumi/pulumi-azure-native issue 632): each slot
 * runs the image its own `up` gave it. Elastic Premium allows 3 slots with production, Premium v3 20
 * (MicrosoftDocs/azure-docs includes/functions-limits.md); this is the one.
 */
export function stagingSlot(name: string, args: StagingSlotArgs, parent: pulumi.Resource) {
  const { slot, site, resourceGroupName } = args;
  const slotName = args.slot.name;
  const deployed = new web.WebAppSlot(
    `${name}-${slotName}`,
    { name: site.name, slot: slotName, ...args.properties },
    { parent, dependsOn: args.dependsOn },
  );
  new web.WebAppAuthSettingsV2Slot(
    `${name}-${slotName}-auth`,
    { name: site.name, slot: slotName, resourceGroupName, ...entraSignIn(args.signIn) },
    { parent, dependsOn: [deployed] },
  );
  // Sticky names stay with their slot in a swap: insurance against a swap by hand, which this design never does.
  const sticky = [...Object.keys(stagingOverrides(slot)), ...(args.signIn.appService.signInIdentity ? [federatedSignInSetting] : [])];
  new web.WebAppSlotConfigurationNames(
    `${name}-sticky-settings`,
    { name: site.name, resourceGroupName, appSettingNames: sticky },
    { parent },
  );
  const policy = { name: site.name, slot: slotName, resourceGroupName, allow: false };
  new web.WebAppScmAllowedSlot(`${name}-${slotName}-scm-basic-auth`, policy, { parent, dependsOn: [deployed] });
  new web.WebAppFtpAllowedSlot(`${name}-${slotName}-ftp-basic-auth`, policy, { parent, dependsOn: [deployed] });
  return { url: pulumi.interpolate`https://${deployed.defaultHostName}/api` };
}
