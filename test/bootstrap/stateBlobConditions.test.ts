import { describe, expect, it } from "vitest";
import { stackStatePrefixes, stateBlobCondition, updatePrefixes } from "../../bootstrap/stateBlobConditions";
import { blobRequest, evaluateCondition } from "../support/abacEvaluator";

// The grammar of Microsoft's "Read or list blobs in named containers with a path" and "Write blobs in named containers
// with a path" examples (https://learn.microsoft.com/azure/storage/blobs/storage-auth-abac-examples), with paths of the
// Pulumi DIY backend (pulumi/pulumi pkg/backend/diy store.go, lock.go, meta.go).
const blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

describe("the state container's path condition", () => {
  it("is read AND list (AND write) clauses in the shape of Microsoft's examples", () => {
    const condition = stateBlobCondition({ read: [".pulumi/stacks/p/a."], write: [".pulumi/locks/organization/p/b/"] });
    expect(condition).toBe(
      [
        `((!(ActionMatches{'${blobs}/read'} AND NOT SubOperationMatches{'Blob.List'})) OR (@Resource[${blobs}:path] StringEquals '.pulumi/meta.yaml' OR @Resource[${blobs}:path] StringStartsWith '.pulumi/stacks/p/a.' OR @Resource[${blobs}:path] StringStartsWith '.pulumi/locks/organization/p/b/'))`,
        `((!(ActionMatches{'${blobs}/read'} AND SubOperationMatches{'Blob.List'})) OR (@Request[${blobs}:prefix] StringStartsWith '.pulumi/stacks/p/a.' OR @Request[${blobs}:prefix] StringStartsWith '.pulumi/locks/organization/p/b/'))`,
        `((!(ActionMatches{'${blobs}/write'}) AND !(ActionMatches{'${blobs}/add/action'}) AND !(ActionMatches{'${blobs}/delete'}) AND !(ActionMatches{'${blobs}/move/action'})) OR (@Resource[${blobs}:path] StringStartsWith '.pulumi/locks/organization/p/b/'))`,
      ].join(" AND "),
    );
  });

  it("covers every prefix the backend touches for one stack, the lock directory under the organization", () => {
    expect(stackStatePrefixes("durable-aks", "dev")).toEqual({
      stackFile: ".pulumi/stacks/durable-aks/dev.",
      history: ".pulumi/history/durable-aks/dev/",
      backups: ".pulumi/backups/durable-aks/dev/",
      locks: ".pulumi/locks/organization/durable-aks/dev/",
    });
  });

  describe("for an identity that updates stack dev of project durable-aks", () => {
    const condition = stateBlobCondition({ read: [], write: updatePrefixes("durable-aks", "dev") });
    const allows = (operation: Parameters<typeof blobRequest>[0], path: string) =>
      evaluateCondition(condition, blobRequest(operation, path));

    it("reads the backend's meta file, finds and reads its stack file and writes it with its backup", () => {
      expect(allows("read", ".pulumi/meta.yaml")).toBe(true);
      // stackPath lists with the file prefix; saveCheckpoint copies to .bak before writing (pulumi/pulumi pkg/backend/diy/state.go).
      expect(allows("list", ".pulumi/stacks/durable-aks/dev.json")).toBe(true);
      for (const file of ["dev.json", "dev.json.bak", "dev.json.gz", "dev.pulumi-tags"]) {
        expect(allows("read", `.pulumi/stacks/durable-aks/${file}`), file).toBe(true);
        expect(allows("write", `.pulumi/stacks/durable-aks/${file}`), file).toBe(true);
      }
    });

    it("takes and releases its lock, writes history and backups", () => {
      expect(allows("list", ".pulumi/locks/organization/durable-aks/dev/")).toBe(true);
      expect(allows("write", ".pulumi/locks/organization/durable-aks/dev/3f2c.json")).toBe(true);
      expect(allows("delete", ".pulumi/locks/organization/durable-aks/dev/3f2c.json")).toBe(true);
      expect(allows("write", ".pulumi/history/durable-aks/dev/dev-1700000000.history.json")).toBe(true);
      expect(allows("write", ".pulumi/backups/durable-aks/dev/dev.1700000000.json")).toBe(true);
    });

    it("touches no other stack, not one whose name starts the same, not the bootstrap's, and never the meta file", () => {
      for (const path of [
        ".pulumi/stacks/durable-aks/prod.json",
        ".pulumi/stacks/durable-aks/dev2.json",
        ".pulumi/stacks/durable-aks-bootstrap/subscription.json",
        ".pulumi/locks/organization/durable-aks/prod/3f2c.json",
        ".pulumi/history/durable-aks/prod/prod-1.history.json",
      ]) {
        for (const operation of ["read", "write", "delete", "add", "move"] as const)
          expect(allows(operation, path), `${operation} ${path}`).toBe(false);
      }
      expect(allows("write", ".pulumi/meta.yaml")).toBe(false);
      expect(allows("delete", ".pulumi/meta.yaml")).toBe(false);
    });

    it("cannot list the whole container or another stack's files", () => {
      expect(allows("list", "")).toBe(false);
      expect(allows("list", ".pulumi/stacks/")).toBe(false);
      expect(allows("list", ".pulumi/stacks/durable-aks/prod")).toBe(false);
      expect(evaluateCondition(condition, { action: `${blobs}/read`, subOperation: "Blob.List", attributes: {} })).toBe(false);
    });
  });

  it("gives a reader nothing to write", () => {
    const condition = stateBlobCondition({ read: [".pulumi/stacks/durable-aks/dev."], write: [] });
    expect(condition).not.toContain(`${blobs}/write`);
    expect(evaluateCondition(condition, blobRequest("read", ".pulumi/stacks/durable-aks/dev.json"))).toBe(true);
    expect(evaluateCondition(condition, blobRequest("read", ".pulumi/history/durable-aks/dev/dev-1.history.json"))).toBe(false);
  });
});
