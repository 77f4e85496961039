import { retailDemoProfiles } from "@offerkit/core/demo";
import { describe, expect, it } from "vitest";
import type { PrintedRequest } from "./build-provider-request.js";
import { runPushBuild } from "./run-push-build.js";

const ana = retailDemoProfiles.find((p) => p.id === "cust-ana")!;

async function run(argv: string[], files: Record<string, unknown> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runPushBuild(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: (path) =>
      path in files
        ? Promise.resolve(JSON.stringify(files[path]))
        : Promise.reject(new Error(`ENOENT: ${path}`)),
  });
  return { code, stdout, stderr };
}

const BASE = [
  "--profile",
  "ana.json",
  "--decision",
  "lifecycle",
  "--placement",
  "push-alert",
  "--seed",
  "7",
];
// During the demo's Black Friday window (ends 2026-12-01T00:00Z), which Ana qualifies for.
const DURING_BLACK_FRIDAY = ["--now", "2026-11-25T10:00:00Z"];

describe("offerkit push build", () => {
  it.each(["apns", "fcm", "webpush", "expo"])(
    "decides with the engine and prints the %s request",
    async (provider) => {
      const { code, stdout, stderr } = await run(
        ["--provider", provider, ...BASE, ...DURING_BLACK_FRIDAY],
        { "ana.json": ana },
      );
      expect(stderr).toMatch(
        new RegExp(`^${provider}: offer black-friday-early \\(ranked\\), \\d+/\\d+ bytes\\n$`),
      );
      expect(code).toBe(0);
      const printed = JSON.parse(stdout) as PrintedRequest;
      expect(printed).toMatchObject({ provider, method: "POST", truncated: false });
      const text = JSON.stringify(printed.body);
      expect(text).toContain('"oid":"black-friday-early"');
      expect(text).toContain('"plc":"push-alert"');
      expect(text).toContain('"dl":"northwind://black-friday"');
      expect(text).toContain("Black Friday starts now for you");
    },
  );

  it("derives expiry from the chosen offer's end date", async () => {
    const { stdout } = await run(
      ["--provider", "apns", ...BASE, ...DURING_BLACK_FRIDAY, "--bundle-id", "com.northwind.app"],
      { "ana.json": ana },
    );
    const printed = JSON.parse(stdout) as PrintedRequest;
    expect(printed.headers).toMatchObject({
      "apns-topic": "com.northwind.app",
      "apns-expiration": String(Date.parse("2026-12-01T00:00:00Z") / 1000),
    });
  });

  it("is reproducible with a seed and honours --target, --message-id and --tracking-token", async () => {
    const argv = [
      "--provider",
      "fcm",
      ...BASE,
      ...DURING_BLACK_FRIDAY,
      "--target",
      "tok-9",
      "--message-id",
      "m-1",
      "--tracking-token",
      "trk.sig",
    ];
    const first = await run(argv, { "ana.json": ana });
    const second = await run(argv, { "ana.json": ana });
    expect(first.stdout).toBe(second.stdout);
    const body = (JSON.parse(first.stdout) as PrintedRequest).body as {
      message: { token: string; data: Record<string, string> };
    };
    expect(body.message.token).toBe("tok-9");
    expect(body.message.data).toMatchObject({ mid: "m-1", trk: "trk.sig" });
  });

  it("reads a library file and a subscription file", async () => {
    const library = {
      offers: [
        {
          id: "o1",
          name: "O1",
          status: "approved",
          representations: [
            {
              placementId: "alert",
              type: "json",
              content: {
                title: "Hi",
                body: "Hello",
                locales: { fr: { title: "Salut", body: "Bonjour" } },
              },
              linkUrl: "https://s.example/o1",
            },
          ],
        },
        {
          id: "fb",
          kind: "fallback",
          name: "FB",
          representations: [{ placementId: "alert", type: "json", content: { body: "Fallback" } }],
        },
      ],
      placements: [{ id: "alert", name: "Alert", channel: "push", contentType: "json" }],
      collections: [{ id: "all", name: "All", kind: "static", offerIds: ["o1"] }],
      decisions: [
        {
          id: "d",
          name: "D",
          status: "live",
          fallbackOfferId: "fb",
          scopes: [{ placementId: "alert", groups: [{ criteria: [{ collectionId: "all" }] }] }],
        },
      ],
    };
    const subscription = {
      endpoint: "https://push.example/s/9",
      keys: { p256dh: "BPk", auth: "YXV0aA" },
    };
    const { code, stdout, stderr } = await run(
      [
        "--provider",
        "webpush",
        "--profile",
        "p.json",
        "--decision",
        "d",
        "--placement",
        "alert",
        "--library",
        "lib.json",
        "--subscription",
        "sub.json",
        "--locale",
        "fr-CA",
      ],
      { "p.json": { id: "u1" }, "lib.json": library, "sub.json": subscription },
    );
    expect(stderr).toMatch(/^webpush: offer o1/);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as PrintedRequest;
    expect(printed.url).toBe("https://push.example/s/9");
    expect(printed.body).toMatchObject({
      web_push: 8030,
      notification: {
        title: "Salut",
        body: "Bonjour",
        lang: "fr",
        dir: "ltr",
        navigate: "https://s.example/o1",
      },
    });
  });

  it("reports scope errors and bad usage with distinct exit codes", async () => {
    const unknown = await run(
      [
        "--provider",
        "apns",
        "--profile",
        "ana.json",
        "--decision",
        "nope",
        "--placement",
        "push-alert",
      ],
      { "ana.json": ana },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/NOT_FOUND/);
    expect((await run(["--provider", "sms", ...BASE], { "ana.json": ana })).code).toBe(2);
    expect((await run(["--provider", "apns", "--decision", "lifecycle"])).stderr).toMatch(
      /missing --profile, --placement/,
    );
    expect((await run(["--provider", "apns", ...BASE, "--bogus"])).code).toBe(2);
    expect((await run(["--provider", "apns", ...BASE])).stderr).toMatch(/ENOENT: ana.json/);
  });
});
