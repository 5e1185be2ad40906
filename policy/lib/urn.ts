// A URN reads urn:pulumi:<stack>::<project>::<type>::<name>; policies take the stack from it, in the engine and offline alike.

export function stackOfUrn(urn: string): string {
  const match = /^urn:pulumi:([^:]+)::/.exec(urn);
  if (!match?.[1]) throw new Error(`not a Pulumi URN: "${urn}"`);
  return match[1];
}

export function urnOf(stack: string, project: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export function projectOfUrn(urn: string): string {
  const match = /^urn:pulumi:[^:]+::([^:]+)::/.exec(urn);
  if (!match?.[1]) throw new Error(`not a Pulumi URN: "${urn}"`);
  return match[1];
}
