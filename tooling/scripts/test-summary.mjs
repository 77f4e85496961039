// Sums the vitest JSON reports every package writes under CI (test-results/vitest.json) and prints
// one closing line "Tests: N passed, N failed" so CI can read the outcome of the whole suite.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const files = [];
for (const group of ["packages", "apps", "examples"]) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, "test-results", "vitest.json");
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, "utf8"));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    files.push(`${group}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
for (const f of files) console.log(`  ${f}`);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (failed > 0 || passed === 0) process.exitCode = 1;
