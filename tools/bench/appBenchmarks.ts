// npm run bench: the app's figures (query fan-out, cold start, image payload). Prints; asserts only that the two
// queries agree. Latest figures are copied into app/README.md by hand.
import { benchmarkColdStart } from "./coldStartBenchmark";
import { benchmarkImageSize } from "./imageSizeBenchmark";
import { benchmarkQuery } from "./queryBenchmark";

async function main(): Promise<void> {
  console.log(`App benchmarks on ${process.version}, ${new Date().toISOString()}\n`);
  for (const benchmark of [benchmarkQuery, benchmarkColdStart, benchmarkImageSize]) {
    console.log((await benchmark()).join("\n"));
    console.log();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
