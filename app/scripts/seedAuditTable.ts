// Fills the audit table with deterministic sample rows (the same generator the tests and the benchmark use).
//   npm run seed:audit --workspace app [-- --days 31 --entities 20000 --first-day 2024-03-01 --ids 8000]
// Connection: AuditTableConnectionString if set, else Azurite on localhost (UseDevelopmentStorage=true). A keyless value
// (TableEndpoint=https://<account>.table.core.windows.net/, Azure's default) uses your az login; it needs Storage Table
// Data Contributor on the account.
// Table: AuditTableName if set, else "audit". Rows are upserted, so running it twice changes nothing.
import { DefaultAzureCredential } from "@azure/identity";
import { parseArgs } from "node:util";
import { addDays, isIsoDay } from "../src/query/calendarDay";
import { seedTableClient } from "./seedTableClient";
import { expectedDistinctCount, generateAuditEntities } from "./auditSeedData";
import { loadAuditTable } from "./loadAuditTable";

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "31" },
    entities: { type: "string", default: "20000" },
    "first-day": { type: "string", default: "2024-03-01" },
    ids: { type: "string", default: "8000" },
  },
});

const days = Number(values.days);
const entities = Number(values.entities);
const distinctIdentifications = Number(values.ids);
const firstDay = values["first-day"];
if (!isIsoDay(firstDay) || ![days, entities, distinctIdentifications].every((n) => Number.isInteger(n) && n > 0)) {
  throw new Error("--first-day must be yyyy-mm-dd; --days, --entities and --ids must be positive whole numbers.");
}

const table = seedTableClient(process.env, () => new DefaultAzureCredential());
const rows = generateAuditEntities({ firstDay, days, entities, distinctIdentifications });
const lastDay = addDays(firstDay, days - 1);

async function main(): Promise<void> {
  const started = Date.now();
  await loadAuditTable(table, rows);
  console.log(`Upserted ${rows.length} rows into '${table.tableName}' over ${days} day partitions in ${Date.now() - started} ms.`);
  console.log(
    `Expected answer for ${firstDay}..${lastDay}: ${expectedDistinctCount(rows, firstDay, lastDay)} distinct identification numbers.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
