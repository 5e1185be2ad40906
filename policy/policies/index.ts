import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { applicationInsightsEntraOnlyInProd } from "./application-insights-entra-only-in-prod";
import { anonymousAppBehindAuthenticatedIngress } from "./anonymous-app-behind-authenticated-ingress";
import { aksApiServerRestrictedInProd } from "./aks-api-server-restricted-in-prod";
import { aksEntraIdOnlyAccess } from "./aks-entra-id-only-access";
import { containerRegistryAdminDisabled } from "./container-registry-admin-disabled";
import { durableTaskHubOfItsOwn } from "./durable-task-hub-of-its-own";
import { functionsHostIdPinned } from "./functions-host-id-pinned";
import { functionsOfficialBaseImage } from "./functions-official-base-image";
import { functionsTelemetryByIdentityInProd } from "./functions-telemetry-by-identity-in-prod";
import { healthProbesOnApiHealth } from "./health-probes-on-api-health";
import { imagesPinnedByDigest } from "./images-pinned-by-digest";
import { keyVaultPurgeProtectionInProd } from "./key-vault-purge-protection-in-prod";
import { keyVaultRbacAuthorization } from "./key-vault-rbac-authorization";
import { noLatestImageTag } from "./no-latest-image-tag";
import { podsRestrictedSecurityContext } from "./pods-restricted-security-context";
import { pulumiStateBackendProtected } from "./pulumi-state-backend-protected";
import { realStorageForFunctionsHost } from "./real-storage-for-functions-host";
import { secretsNotInPlainConfig } from "./secrets-not-in-plain-config";
import { statefulResourcesProtectedInProd } from "./stateful-resources-protected-in-prod";
import { storageAccountNoPublicBlobAccess } from "./storage-account-no-public-blob-access";
import { storageAccountNoSharedKeyInProd } from "./storage-account-no-shared-key-in-prod";
import { storageAccountSecureTransport } from "./storage-account-secure-transport";
import { websiteHostnameSet } from "./website-hostname-set";

export const policyPackName = "durable-aks-guardrails";
export const policyPackEnforcementLevel: EnforcementLevel = "mandatory";

/** The checklist for running Durable Functions in a container (base image, host name, host id, task hub, storage, auth, secrets, probes), as far as resources show it. */
export const checklistPolicies: Policies = [
  functionsOfficialBaseImage,
  websiteHostnameSet,
  functionsHostIdPinned,
  durableTaskHubOfItsOwn,
  realStorageForFunctionsHost,
  secretsNotInPlainConfig,
  healthProbesOnApiHealth,
  anonymousAppBehindAuthenticatedIngress,
];

export const securityBaselinePolicies: Policies = [
  storageAccountSecureTransport,
  storageAccountNoPublicBlobAccess,
  storageAccountNoSharedKeyInProd,
  keyVaultRbacAuthorization,
  keyVaultPurgeProtectionInProd,
  statefulResourcesProtectedInProd,
  containerRegistryAdminDisabled,
  aksEntraIdOnlyAccess,
  aksApiServerRestrictedInProd,
  podsRestrictedSecurityContext,
  imagesPinnedByDigest,
  noLatestImageTag,
  pulumiStateBackendProtected,
  applicationInsightsEntraOnlyInProd,
  functionsTelemetryByIdentityInProd,
];

export const policies: Policies = [...checklistPolicies, ...securityBaselinePolicies];
