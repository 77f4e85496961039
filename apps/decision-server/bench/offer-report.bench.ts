/**
 * How long GET /v1/reports/offers' SQL takes over a large event table. Fills a fresh database with
 * synthetic events by SQL (default 1,000,000 over 90 days: 60 % decision events with 1–3 of 200 offers
 * and a fallback in 1 of 10, 30 % displays, 10 % interacts, 5 placements), then times the report over
 * 7, 30 and 90 days, with and without filters (median of 3 runs after one warm-up).
 * Usage: tsx bench/offer-report.bench.ts [postgres|pglite]   (BENCH_EVENTS=… to change the size)
 */
import { randomBytes } from "node:crypto";
import { createStores, type StoresConfig } from "../src/index.js";
import type { OfferReportQuery } from "../src/store/reporting/offer-report-schema.js";
import { queryOfferReport } from "../src/store/reporting/sql-offer-report.js";

const database = process.argv[2] === "pglite" ? "pglite" : "postgres";
const total = Number(process.env.BENCH_EVENTS ?? 1_000_000);
// BENCH_SCHEMA=<name> keeps (or reuses) a filled schema between runs.
const kept = process.env.BENCH_SCHEMA;
const schema = kept ?? `offerkit_bench_report_${randomBytes(4).toString("hex")}`;
const config: StoresConfig =
  database === "postgres"
    ? {
        databaseUrl: process.env.OFFERKIT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
        schema,
      }
    : { dataDir: "memory://" };
const stores = await createStores(config);
const { sql } = stores;

const fillStarted = performance.now();
const chunk = 100_000;
const [{ n: existing } = { n: 0 }] = await sql.query<{ n: number }>(
  "SELECT count(*)::int AS n FROM events",
);
for (let start = existing; start < total; start += chunk) {
  await sql.query(
    `INSERT INTO events (id, type, ts, profile_id, proposition_id, decision_id, placement_id, offer_id, body)
     SELECT 'e' || g, t.type, t.ts, 'p' || (g % 50000), 'prop' || g, 'd' || (g % 3), 'pl' || (g % 5),
            CASE WHEN t.type = 'decision' THEN NULL ELSE 'o' || (g % 200) END,
            CASE WHEN t.type = 'decision' THEN
              jsonb_build_object('id', 'e' || g, 'type', 'decision', 'timestamp', t.ts, 'profileId', 'p' || (g % 50000),
                'propositionId', 'prop' || g, 'decisionId', 'd' || (g % 3), 'placementId', 'pl' || (g % 5), 'libraryVersion', 1,
                'items', CASE WHEN g % 10 = 0 THEN '[]'::jsonb ELSE (SELECT jsonb_agg(jsonb_build_object('offerId', 'o' || ((g * 7 + k * 13) % 200), 'score', k, 'propensity', 1))
                                                                   FROM generate_series(1, 1 + g % 3) k) END)
              || CASE WHEN g % 10 = 0 THEN jsonb_build_object('fallbackOfferId', 'fallback') ELSE '{}'::jsonb END
            ELSE
              jsonb_build_object('id', 'e' || g, 'type', t.type, 'timestamp', t.ts, 'profileId', 'p' || (g % 50000),
                'propositionId', 'prop' || g, 'decisionId', 'd' || (g % 3), 'placementId', 'pl' || (g % 5), 'offerId', 'o' || (g % 200))
            END
       FROM generate_series($1::int, $2::int) g
       CROSS JOIN LATERAL (SELECT CASE WHEN g % 10 < 6 THEN 'decision' WHEN g % 10 < 9 THEN 'display' ELSE 'interact' END AS type,
                                  timestamptz '2026-01-01' + (g::double precision / $3::double precision) * interval '90 days' AS ts) t`,
    [start, Math.min(start + chunk, total) - 1, total],
  );
}
await sql.query("ANALYZE events");
const fillSeconds = (performance.now() - fillStarted) / 1000;

async function time(label: string, query: OfferReportQuery): Promise<void> {
  await queryOfferReport(sql, query);
  const runs: number[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    rows = (await queryOfferReport(sql, query)).rows.length;
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `| ${label.padEnd(44)} | ${String(rows).padStart(6)} | ${runs[1]!.toFixed(0).padStart(7)} |`,
  );
}

console.log(
  `${database}: ${total.toLocaleString("en")} events over 90 days (filled in ${fillSeconds.toFixed(1)} s)`,
);
console.log(`| ${"report".padEnd(44)} | ${"rows".padStart(6)} | ${"ms p50".padStart(7)} |`);
console.log(`|${"-".repeat(46)}|--------|---------|`);
await time("7 days (≈ 78k events)", { from: "2026-03-01", to: "2026-03-07" });
await time("30 days (≈ 333k events)", { from: "2026-02-01", to: "2026-03-02" });
await time("90 days (all events)", { from: "2026-01-01", to: "2026-03-31" });
await time("90 days, offerId=o7", { from: "2026-01-01", to: "2026-03-31", offerId: "o7" });
await time("90 days, placementId=pl2", {
  from: "2026-01-01",
  to: "2026-03-31",
  placementId: "pl2",
});
await time("30 days, decisionId=d1", { from: "2026-02-01", to: "2026-03-02", decisionId: "d1" });
await time("30 days, tz=Europe/Paris", {
  from: "2026-02-01",
  to: "2026-03-02",
  tz: "Europe/Paris",
});

await stores.close();
if (database === "postgres" && kept === undefined) {
  const pg = await import("pg");
  const client = new pg.default.Client({
    connectionString: process.env.OFFERKIT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
