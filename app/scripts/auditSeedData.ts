// Deterministic audit-table rows for the seed script, the integration tests and the benchmark.
import { addDays } from "../src/query/calendarDay";

export interface AuditEntity {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly identificationNumber?: string;
  readonly CertNumber?: string;
  readonly Payload: string;
}

export interface AuditSeedOptions {
  readonly firstDay: string;
  readonly days: number;
  readonly entities: number;
  /** Size of the identification-number pool: smaller pools mean more repeats across days. */
  readonly distinctIdentifications: number;
  readonly seed?: number;
}

/** mulberry32: a tiny seeded generator, so every run produces the same table. */
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Rows spread over `days` day partitions. About 70% carry a certificate number, 20% an empty one and 10% none at all;
 * a Payload column stands in for the rest of a real audit row, so projecting one column matters.
 */
export function generateAuditEntities(options: AuditSeedOptions): AuditEntity[] {
  const random = randomGenerator(options.seed ?? 42);
  const entities: AuditEntity[] = [];
  for (let index = 0; index < options.entities; index++) {
    const day = addDays(options.firstDay, Math.floor(random() * options.days));
    const identificationNumber = `ID-${String(Math.floor(random() * options.distinctIdentifications)).padStart(7, "0")}`;
    const certRoll = random();
    const certificate = certRoll < 0.7 ? { CertNumber: `C-${index}` } : certRoll < 0.9 ? { CertNumber: "" } : {};
    entities.push({
      partitionKey: day,
      rowKey: String(index).padStart(9, "0"),
      identificationNumber,
      ...certificate,
      Payload: `audit record ${index} `.padEnd(200, "."),
    });
  }
  return entities;
}

/** The expected answer, computed without any table query: the reference the tests and the benchmark compare with. */
export function expectedDistinctCount(entities: readonly AuditEntity[], start: string, end: string): number {
  const seen = new Set<string>();
  for (const entity of entities) {
    const inRange = entity.partitionKey >= start && entity.partitionKey <= end;
    const certified = entity.CertNumber !== undefined && entity.CertNumber !== "";
    if (inRange && certified && entity.identificationNumber !== undefined) seen.add(entity.identificationNumber);
  }
  return seen.size;
}
