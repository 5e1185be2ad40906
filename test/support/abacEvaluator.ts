// A small evaluator of the Azure ABAC condition grammar the bootstrap writes, so tests can ask what a condition allows
// instead of only comparing text. It covers what the conditions use: ActionMatches, SubOperationMatches, `!`/NOT, AND,
// OR, parentheses, StringEquals, StringStartsWith, ForAnyOfAnyValues:GuidEquals and :StringEqualsIgnoreCase
// (https://learn.microsoft.com/azure/role-based-access-control/conditions-format). AND and OR may not be mixed without
// parentheses (the conditions never rely on precedence), so a condition that does fails to parse here.

/** What a request carries: its action and suboperation, and the attributes by `@Source[name]`. */
export interface AbacRequest {
  action: string;
  subOperation?: string;
  attributes: Record<string, string | undefined>;
}

type Token = { kind: "word" | "string" | "set" | "open" | "close" | "not" | "attribute"; text: string };

function tokenize(condition: string): Token[] {
  const tokens: Token[] = [];
  const patterns: Array<[Token["kind"], RegExp]> = [
    ["string", /^'([^']*)'/],
    ["set", /^\{([^}]*)\}/],
    ["attribute", /^@(Request|Resource|Principal|Environment)\[([^\]]+)\]/],
    ["open", /^\(/],
    ["close", /^\)/],
    ["not", /^!/],
    ["word", /^[A-Za-z][A-Za-z0-9:.]*/],
  ];
  let rest = condition.trim();
  while (rest.length) {
    const match = patterns.map(([kind, pattern]) => [kind, pattern.exec(rest)] as const).find(([, found]) => found);
    if (!match) throw new Error(`cannot read the condition at: ${rest.slice(0, 40)}`);
    const [kind, found] = match;
    tokens.push({ kind, text: kind === "attribute" ? `@${found![1]}[${found![2]}]` : (found![1] ?? found![0]) });
    rest = rest.slice(found![0].length).trimStart();
  }
  return tokens;
}

const setValues = (text: string) =>
  text
    .split(",")
    .map((value) => value.trim().replace(/^'|'$/g, ""))
    .filter(Boolean);

/** Evaluates the condition for one request; throws on grammar it does not know. */
export function evaluateCondition(condition: string, request: AbacRequest): boolean {
  const tokens = tokenize(condition);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++]!;
  const expect = (kind: Token["kind"], text?: string) => {
    const token = next();
    if (!token || token.kind !== kind || (text !== undefined && token.text !== text))
      throw new Error(`expected ${text ?? kind} at token ${position}, found ${token?.text}`);
    return token;
  };

  function expression(): boolean {
    const first = unary();
    const operator = peek()?.kind === "word" && ["AND", "OR"].includes(peek()!.text) ? peek()!.text : undefined;
    if (!operator) return first;
    const values = [first];
    while (peek()?.kind === "word" && ["AND", "OR"].includes(peek()!.text)) {
      if (next().text !== operator) throw new Error("AND and OR mixed without parentheses");
      values.push(unary());
    }
    return operator === "AND" ? values.every(Boolean) : values.some(Boolean);
  }

  function unary(): boolean {
    const token = peek();
    if (token?.kind === "not" || (token?.kind === "word" && token.text === "NOT")) {
      next();
      return !unary();
    }
    if (token?.kind === "open") {
      next();
      const value = expression();
      expect("close");
      return value;
    }
    return primary();
  }

  function primary(): boolean {
    const token = next();
    if (token.kind === "word" && (token.text === "ActionMatches" || token.text === "SubOperationMatches")) {
      const [value] = setValues(expect("set").text);
      return token.text === "ActionMatches" ? request.action === value : request.subOperation === value;
    }
    if (token.kind === "attribute") {
      const actual = request.attributes[token.text];
      const operator = expect("word").text;
      // Every operand is consumed before the comparison: a missing attribute must not leave its value unread.
      if (operator === "StringEquals" || operator === "StringStartsWith") {
        const value = expect("string").text;
        return actual !== undefined && (operator === "StringEquals" ? actual === value : actual.startsWith(value));
      }
      const values = setValues(expect("set").text);
      if (operator === "ForAnyOfAnyValues:GuidEquals") return actual !== undefined && values.includes(actual.toLowerCase());
      if (operator === "ForAnyOfAnyValues:StringEqualsIgnoreCase")
        return actual !== undefined && values.some((value) => value.toLowerCase() === actual.toLowerCase());
      throw new Error(`unknown operator ${operator}`);
    }
    throw new Error(`unexpected ${token.text}`);
  }

  const result = expression();
  if (position !== tokens.length) throw new Error(`trailing tokens from ${tokens[position]!.text}`);
  return result;
}

const blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

/** A blob data request as the storage service presents it to the condition. */
export function blobRequest(operation: "read" | "list" | "write" | "add" | "delete" | "move", blobPath: string): AbacRequest {
  if (operation === "list")
    return { action: `${blobs}/read`, subOperation: "Blob.List", attributes: { [`@Request[${blobs}:prefix]`]: blobPath } };
  const action = { read: "read", write: "write", add: "add/action", delete: "delete", move: "move/action" }[operation];
  return { action: `${blobs}/${action}`, attributes: { [`@Resource[${blobs}:path]`]: blobPath } };
}

/** A role assignment write or delete as ARM presents it to the RBAC administrator's condition. */
export function roleAssignmentRequest(operation: "write" | "delete", roleGuid: string, principalType: string): AbacRequest {
  const source = operation === "write" ? "Request" : "Resource";
  return {
    action: `Microsoft.Authorization/roleAssignments/${operation}`,
    attributes: {
      [`@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId]`]: roleGuid,
      [`@${source}[Microsoft.Authorization/roleAssignments:PrincipalType]`]: principalType,
    },
  };
}
