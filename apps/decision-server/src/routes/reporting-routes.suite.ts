import { OfferEvent } from "@offerkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody } from "../http/api-error.js";
import type { OfferReport } from "../store/reporting/offer-report-schema.js";
import type { SqlBackend } from "../store/testing/sql-backends.js";
import { startServerOnBackend, type ServerOnBackend } from "../store/testing/server-on-backend.js";
import { reportingTestLibrary } from "./reporting-test-library.js";

const common = { profileId: "p-1", decisionId: "home" };
let seq = 0;
function decision(
  placementId: string,
  timestamp: string,
  items: string[],
  fallbackOfferId?: string,
) {
  return {
    ...common,
    id: `d-${++seq}`,
    type: "decision" as const,
    timestamp,
    propositionId: `prop-${seq}`,
    placementId,
    items: items.map((offerId) => ({ offerId, score: 1, propensity: 1 })),
    ...(fallbackOfferId === undefined ? {} : { fallbackOfferId }),
    libraryVersion: 1,
  };
}
function feedback(
  type: "display" | "interact",
  placementId: string,
  offerId: string,
  timestamp: string,
) {
  return {
    ...common,
    id: `f-${++seq}`,
    type,
    timestamp,
    propositionId: "prop-x",
    placementId,
    offerId,
  };
}

/** The seeded events around 2026-03-01 (UTC), with events exactly at and just inside the day boundaries. */
function seededEvents(): unknown[] {
  return [
    decision("web", "2026-02-28T23:59:59.999Z", ["alpha"]),
    decision("web", "2026-03-01T00:00:00.000Z", ["alpha", "beta"]),
    decision("web", "2026-03-01T23:59:59.999Z", ["alpha"]),
    decision("web", "2026-03-01T12:00:00.000Z", [], "fallback"),
    decision("email", "2026-03-01T10:00:00.000Z", ["alpha"]),
    feedback("display", "web", "alpha", "2026-03-01T15:00:00.000Z"),
    feedback("display", "web", "alpha", "2026-03-01T15:00:01.000Z"),
    feedback("interact", "web", "alpha", "2026-03-01T15:00:02.000Z"),
    feedback("display", "web", "beta", "2026-03-01T16:00:00.000Z"),
    decision("web", "2026-03-02T00:00:00.000Z", ["beta"]),
    feedback("display", "web", "beta", "2026-03-02T05:00:00.000Z"),
    feedback("interact", "web", "beta", "2026-03-02T05:00:01.000Z"),
    decision("email", "2026-03-03T00:00:00.000Z", ["alpha"]),
  ];
}

const row = (
  day: string,
  placementId: string | null,
  offerId: string,
  counts: Partial<
    Record<"decisions" | "fallbacks" | "displays" | "interacts" | "capRejections", number>
  >,
) => {
  const r = {
    day,
    offerId,
    placementId,
    decisions: 0,
    fallbacks: 0,
    displays: 0,
    interacts: 0,
    capRejections: 0,
    ...counts,
  };
  return { ...r, interactRate: r.displays === 0 ? null : r.interacts / r.displays };
};

export function describeReportingApi(backend: SqlBackend): void {
  describe(`reporting API over HTTP on ${backend.name}`, () => {
    let t: ServerOnBackend;
    const getJson = async (path: string, key?: string | null) => {
      const response = await t.fetch(path, key === undefined ? {} : { key });
      return { status: response.status, body: (await response.json()) as OfferReport };
    };
    const getError = async (path: string) => {
      const response = await t.fetch(path);
      return { status: response.status, body: (await response.json()) as ErrorBody };
    };
    const issuePaths = (body: ErrorBody) =>
      (body.error.issues ?? []).map((i) => JSON.stringify(i.path));

    beforeAll(async () => {
      t = await startServerOnBackend(backend, { library: reportingTestLibrary() });
      await t.stores.events.append(seededEvents());
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it("counts decisions, fallbacks, displays, interacts and rates per day, offer and placement", async () => {
      const r = await getJson("/v1/reports/offers?from=2026-03-01&to=2026-03-02");
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ from: "2026-03-01", to: "2026-03-02", timeZone: "UTC" });
      expect(r.body.rows).toEqual([
        row("2026-03-01", "email", "alpha", { decisions: 1 }),
        row("2026-03-01", "web", "alpha", { decisions: 2, displays: 2, interacts: 1 }),
        row("2026-03-01", "web", "beta", { decisions: 1, displays: 1 }),
        row("2026-03-01", "web", "fallback", { fallbacks: 1 }),
        row("2026-03-02", "web", "beta", { decisions: 1, displays: 1, interacts: 1 }),
      ]);
      expect(r.body.rows[1]?.interactRate).toBe(0.5);
      expect(r.body.placements).toEqual([
        {
          day: "2026-03-01",
          placementId: "email",
          propositions: 1,
          fallbacks: 0,
          fallbackShare: 0,
        },
        {
          day: "2026-03-01",
          placementId: "web",
          propositions: 3,
          fallbacks: 1,
          fallbackShare: 1 / 3,
        },
        { day: "2026-03-02", placementId: "web", propositions: 1, fallbacks: 0, fallbackShare: 0 },
      ]);
    });

    it("cuts days exactly at midnight: the first and last millisecond belong to their own day", async () => {
      const first = await getJson("/v1/reports/offers?from=2026-03-01&to=2026-03-01");
      expect(first.body.placements.map((p) => [p.placementId, p.propositions])).toEqual([
        ["email", 1],
        ["web", 3],
      ]);
      const before = await getJson("/v1/reports/offers?from=2026-02-28&to=2026-02-28");
      expect(before.body.rows).toEqual([row("2026-02-28", "web", "alpha", { decisions: 1 })]);
      const after = await getJson("/v1/reports/offers?from=2026-03-02&to=2026-03-03");
      expect(
        after.body.rows.map((x) => `${x.day} ${x.placementId} ${x.offerId} ${x.decisions}`),
      ).toEqual(["2026-03-02 web beta 1", "2026-03-03 email alpha 1"]);
      const none = await getJson("/v1/reports/offers?from=2026-01-01&to=2026-01-31");
      expect(none.body).toMatchObject({ rows: [], placements: [] });
    });

    it("cuts days in another time zone when asked (tz=America/New_York is UTC-5 in March)", async () => {
      const r = await getJson(
        "/v1/reports/offers?from=2026-02-28&to=2026-02-28&tz=America/New_York",
      );
      expect(r.body.timeZone).toBe("America/New_York");
      // 2026-02-28 in New York is [02-28T05:00Z, 03-01T05:00Z): the two decisions around UTC midnight.
      expect(r.body.rows).toEqual([
        row("2026-02-28", "web", "alpha", { decisions: 2 }),
        row("2026-02-28", "web", "beta", { decisions: 1 }),
      ]);
    });

    it("filters by offer, placement and decision", async () => {
      const alpha = await getJson("/v1/reports/offers?from=2026-03-01&to=2026-03-02&offerId=alpha");
      expect(alpha.body.rows.map((x) => `${x.day} ${x.placementId} ${x.offerId}`)).toEqual([
        "2026-03-01 email alpha",
        "2026-03-01 web alpha",
      ]);
      expect(alpha.body.placements).toHaveLength(3); // the fallback share is per placement, not per offer
      const email = await getJson(
        "/v1/reports/offers?from=2026-03-01&to=2026-03-02&placementId=email",
      );
      expect(email.body.rows).toEqual([row("2026-03-01", "email", "alpha", { decisions: 1 })]);
      expect(email.body.placements).toEqual([
        {
          day: "2026-03-01",
          placementId: "email",
          propositions: 1,
          fallbacks: 0,
          fallbackShare: 0,
        },
      ]);
      const other = await getJson(
        "/v1/reports/offers?from=2026-03-01&to=2026-03-02&decisionId=scarce",
      );
      expect(other.body).toMatchObject({ rows: [], placements: [] });
      const home = await getJson(
        "/v1/reports/offers?from=2026-03-01&to=2026-03-01&decisionId=home&offerId=beta",
      );
      expect(home.body.rows).toEqual([
        { ...row("2026-03-01", "web", "beta", { decisions: 1, displays: 1 }), capRejections: null },
      ]);
    });

    it("counts cap rejections of live decisions per offer and placement", async () => {
      const today = new Date().toISOString().slice(0, 10);
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await t.fetch("/v1/decisions", {
          method: "POST",
          body: {
            profile: { id: `cap-${i}` },
            scopes: [{ decisionId: "scarce", placementId: "web" }],
          },
        });
        const answer = (await response.json()) as { propositions: { reason: string }[] };
        outcomes.push(answer.propositions[0]?.reason ?? "none");
      }
      expect(outcomes).toEqual(["ranked", "ranked", "fallback", "fallback"]);
      const r = await getJson(`/v1/reports/offers?from=${today}&to=${today}&placementId=web`);
      expect(r.body.rows).toEqual([
        row(today, "web", "fallback", { fallbacks: 2 }),
        row(today, "web", "limited", { decisions: 2, capRejections: 2 }),
      ]);
      expect(r.body.placements).toEqual([
        { day: today, placementId: "web", propositions: 4, fallbacks: 2, fallbackShare: 0.5 },
      ]);
    });

    it.each([
      ["from=2026-02-30&to=2026-03-01", ["query", "from"], "is not a calendar date"],
      ["from=yesterday&to=2026-03-01", ["query", "from"], "must be a date YYYY-MM-DD"],
      ["from=2026-03-01", ["query", "to"], ""],
      ["from=2026-03-02&to=2026-03-01", ["query", "to"], "must not be before from"],
      ["from=2025-01-01&to=2026-01-02", ["query", "to"], "at most 366"],
      ["from=2026-03-01&to=2026-03-01&foo=1", ["query"], "foo"],
      ["from=2026-03-01&to=2026-03-01&tz=Mars/Olympus", ["query", "tz"], "IANA"],
      ["from=2026-03-01&to=2026-03-01&offerId=", ["query", "offerId"], ""],
    ])("answers 400 for %s, naming the parameter", async (qs, path, message) => {
      const r = await getError(`/v1/reports/offers?${qs}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_FAILED");
      const issue = r.body.error.issues?.find(
        (i) => JSON.stringify(i.path) === JSON.stringify(path),
      );
      expect(issue, JSON.stringify(r.body.error.issues)).toBeDefined();
      expect(`${issue?.message} ${r.body.error.message}`).toContain(message);
    });

    it("accepts a range of exactly 366 days", async () => {
      expect((await getJson("/v1/reports/offers?from=2025-03-01&to=2026-03-01")).status).toBe(200);
    });

    it("needs a key with library:read", async () => {
      expect((await getJson("/v1/reports/offers?from=2026-03-01&to=2026-03-01", null)).status).toBe(
        401,
      );
      const { key } = await t.stores.apiKeys.create({ name: "decide only", scopes: ["decide"] });
      expect((await getJson("/v1/reports/offers?from=2026-03-01&to=2026-03-01", key)).status).toBe(
        403,
      );
      const { key: reader } = await t.stores.apiKeys.create({
        name: "reader",
        scopes: ["library:read"],
      });
      expect(
        (await getJson("/v1/reports/offers?from=2026-03-01&to=2026-03-01", reader)).status,
      ).toBe(200);
    });

    describe("GET /v1/events/export", () => {
      const many = 2_500;
      beforeAll(async () => {
        // Three events per millisecond, so pages end inside one millisecond too.
        const base = Date.parse("2026-05-01T00:00:00.000Z");
        const events = Array.from({ length: many }, (_, i) =>
          i % 2 === 0
            ? {
                ...decision("web", new Date(base + Math.floor(i / 3)).toISOString(), ["alpha"]),
                id: `x-${String(i).padStart(5, "0")}`,
              }
            : {
                ...feedback(
                  "display",
                  "web",
                  "alpha",
                  new Date(base + Math.floor(i / 3)).toISOString(),
                ),
                id: `x-${String(i).padStart(5, "0")}`,
              },
        );
        for (let i = 0; i < events.length; i += 1000)
          await t.stores.events.append(events.slice(i, i + 1000));
      }, 60_000);

      it("streams every event of the range as JSON Lines, in order, each a valid core OfferEvent", async () => {
        const response = await t.fetch("/v1/events/export?from=2026-05-01&to=2026-05-02");
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
        expect(response.headers.get("content-length")).toBeNull(); // chunked: not buffered whole
        const reader = response.body!.getReader();
        let chunks = 0;
        let text = "";
        const decoder = new TextDecoder();
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          chunks++;
          text += decoder.decode(r.value as Uint8Array, { stream: true });
        }
        expect(chunks).toBeGreaterThan(1);
        const lines = text.trimEnd().split("\n");
        expect(lines).toHaveLength(many);
        const events = lines.map((line) => OfferEvent.parse(JSON.parse(line)));
        expect(events.map((e) => e.id)).toEqual(
          Array.from({ length: many }, (_, i) => `x-${String(i).padStart(5, "0")}`),
        );
        expect(events.filter((e) => e.type === "decision")).toHaveLength(many / 2);
        // Round trip: what was stored is what comes out.
        const stored = await t.stores.events.query({ propositionId: events[0]!.propositionId });
        expect(stored.items).toContainEqual(events[0]);
      }, 60_000);

      it("filters by type and by time, from inclusive, to exclusive", async () => {
        const displays = await (
          await t.fetch("/v1/events/export?from=2026-05-01&to=2026-05-02&type=display")
        ).text();
        expect(displays.trimEnd().split("\n")).toHaveLength(many / 2);
        const window = await (
          await t.fetch(
            "/v1/events/export?from=2026-05-01T00:00:00.001Z&to=2026-05-01T00:00:00.003Z",
          )
        ).text();
        expect(
          window
            .trimEnd()
            .split("\n")
            .map((l) => (JSON.parse(l) as { id: string }).id),
        ).toEqual(["x-00003", "x-00004", "x-00005", "x-00006", "x-00007", "x-00008"]);
        const empty = await t.fetch("/v1/events/export?from=2020-01-01&to=2020-01-02");
        expect(empty.status).toBe(200);
        expect(await empty.text()).toBe("");
      });

      it("stops reading when the client goes away, and keeps serving", async () => {
        const controller = new AbortController();
        const response = await fetch(`${t.url}/v1/events/export?from=2026-05-01&to=2026-05-02`, {
          headers: { authorization: `Bearer ${t.adminKey}` },
          signal: controller.signal,
        });
        await response.body!.getReader().read();
        controller.abort();
        expect((await t.fetch("/healthz")).status).toBe(200);
      });

      it.each([
        ["from=2026-05-02&to=2026-05-01", ["query", "to"]],
        ["from=2026-05-01&to=2026-05-01", ["query", "to"]],
        ["from=2026-05-01&to=2026-05-02&type=click", ["query", "type"]],
        ["from=2026-05-01&to=2026-05-02&limit=5", ["query"]],
        ["to=2026-05-02", ["query", "from"]],
        ["from=2026-05-01T00:00:00&to=2026-05-02", ["query", "from"]],
      ])("answers 400 for %s", async (qs, path) => {
        const r = await getError(`/v1/events/export?${qs}`);
        expect(r.status).toBe(400);
        expect(issuePaths(r.body)).toContain(JSON.stringify(path));
      });

      it("needs the admin scope (events carry profile ids)", async () => {
        const { key } = await t.stores.apiKeys.create({ name: "reader", scopes: ["library:read"] });
        expect(
          (await t.fetch("/v1/events/export?from=2026-05-01&to=2026-05-02", { key })).status,
        ).toBe(403);
      });
    });
  });
}
