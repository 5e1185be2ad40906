import { asArray, asRecord, asString, pathOf, type Props } from "./props";

export interface ContainerSpec {
  readonly name: string;
  readonly init: boolean;
  readonly props: Props;
}

/** The pod spec inside a workload: a Pod's own spec, a CronJob's job template, or a template's spec. */
export function podSpecOf(type: string, props: Props): Props | undefined {
  if (type === "kubernetes:core/v1:Pod") return asRecord(props["spec"]);
  if (type === "kubernetes:batch/v1:CronJob") return asRecord(pathOf(props, "spec", "jobTemplate", "spec", "template", "spec"));
  return asRecord(pathOf(props, "spec", "template", "spec"));
}

export function containersOf(podSpec: Props | undefined): ContainerSpec[] {
  const read = (list: unknown, init: boolean): ContainerSpec[] =>
    asArray(list).flatMap((item, index) => {
      const props = asRecord(item);
      return props ? [{ name: asString(props["name"]) ?? `#${index}`, init, props }] : [];
    });
  return [...read(podSpec?.["initContainers"], true), ...read(podSpec?.["containers"], false)];
}

export function describeContainer(container: ContainerSpec): string {
  return `${container.init ? "Init container" : "Container"} "${container.name}"`;
}
