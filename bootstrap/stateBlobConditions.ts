// ABAC conditions that scope an identity's blob role on the state container to the blobs of its own stacks.
//
// The paths are the Pulumi DIY backend's (pulumi/pulumi pkg/backend/diy): stack files `.pulumi/stacks/<project>/<stack>.json`
// (+ `.json.bak`, `.pulumi-tags`; store.go StackBasePath, state.go saveCheckpoint), history and backups
// `.pulumi/{history,backups}/<project>/<stack>/` (store.go HistoryDir, BackupDir), update locks
// `.pulumi/locks/organization/<project>/<stack>/` (lock.go stackLockDir: the fully qualified name), and
// `.pulumi/meta.yaml`, read whenever the backend opens (meta.go ensurePulumiMeta). The grammar follows Microsoft's
// "Read or list blobs in named containers with a path" and "Write blobs in named containers with a path" examples
// (https://learn.microsoft.com/azure/storage/blobs/storage-auth-abac-examples); a list request carries only the
// `blobs:prefix` request attribute, every other blob action the `blobs:path` resource attribute
// (https://learn.microsoft.com/azure/storage/blobs/storage-auth-abac-attributes), both without the container name.

const blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
const path = `@Resource[${blobs}:path]`;
const prefix = `@Request[${blobs}:prefix]`;

/** Written only by whoever first opens an empty backend (an operator); every CI identity only reads it. */
export const backendMetaPath = ".pulumi/meta.yaml";

/**
 * The backend's prefixes of one stack. The stack file prefix ends in a dot: stack names are letters, digits and dashes,
 * so `dev.` never matches `dev2.json`.
 */
export function stackStatePrefixes(project: string, stack: string) {
  return {
    stackFile: `.pulumi/stacks/${project}/${stack}.`,
    history: `.pulumi/history/${project}/${stack}/`,
    backups: `.pulumi/backups/${project}/${stack}/`,
    locks: `.pulumi/locks/organization/${project}/${stack}/`,
  };
}

/** Everything an update of the stack reads and writes: its file, history, backups and locks. */
export const updatePrefixes = (project: string, stack: string) => Object.values(stackStatePrefixes(project, stack));

export interface StateBlobAccess {
  /** Prefixes the identity may read (get) and list. */
  read: string[];
  /** Prefixes the identity may write, create, delete and rename blobs under: only with a role that has those actions. */
  write: string[];
}

function anyOf(expressions: string[]): string {
  if (!expressions.length) throw new Error("a state blob condition needs at least one path");
  return expressions.join(" OR ");
}
const startsWith = (attribute: string, values: string[]) => values.map((value) => `${attribute} StringStartsWith '${value}'`);

/** Reading a blob (not listing): `.pulumi/meta.yaml` and the read prefixes. */
function readClause(read: string[]): string {
  const allowed = [`${path} StringEquals '${backendMetaPath}'`, ...startsWith(path, read)];
  return `((!(ActionMatches{'${blobs}/read'} AND NOT SubOperationMatches{'Blob.List'})) OR (${anyOf(allowed)}))`;
}

/** Listing: only with a prefix inside the read prefixes (a list without a prefix is refused). */
function listClause(read: string[]): string {
  return `((!(ActionMatches{'${blobs}/read'} AND SubOperationMatches{'Blob.List'})) OR (${anyOf(startsWith(prefix, read))}))`;
}

/** Writing, creating, deleting or renaming a blob: only under the write prefixes. */
function writeClause(write: string[]): string {
  const actions = ["write", "add/action", "delete", "move/action"].map((action) => `!(ActionMatches{'${blobs}/${action}'})`);
  return `((${actions.join(" AND ")}) OR (${anyOf(startsWith(path, write))}))`;
}

const unique = (values: string[]) => [...new Set(values)];

/** The condition for Storage Blob Data Reader (`write` empty) or Storage Blob Data Contributor on the state container. */
export function stateBlobCondition(access: StateBlobAccess): string {
  const read = unique([...access.read, ...access.write]);
  const clauses = [readClause(read), listClause(read)];
  if (access.write.length) clauses.push(writeClause(unique(access.write)));
  return clauses.join(" AND ");
}
