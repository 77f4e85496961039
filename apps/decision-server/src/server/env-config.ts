import { OfferkitError, type DecisionEventProfile } from "@offerkit/core";
import type { CounterBackend, StoresConfig } from "../store/types.js";
import { parseSigningKeys, type EmailSigningKey } from "@offerkit/email/tracking";

/** Everything `offerkit serve` and src/main.ts can set; flags override OFFERKIT_* environment variables. */
export interface ServeSettings {
  host: string;
  port: number;
  stores: StoresConfig;
  seedDemo: boolean;
  publicMetrics: boolean;
  requestLogs: boolean;
  /** OFFERKIT_DECISION_EVENT_PROFILE: full (default) | none — see DecisionServerOptions. */
  decisionEventProfile: DecisionEventProfile;
  corsOrigins: string[];
  defaultRateLimit: number | undefined;
  /** OFFERKIT_EMAIL_SIGNING_KEYS="kid:base64urlSecret,…" (first signs); unset: a key kept in the data folder. */
  emailSigningKeys?: EmailSigningKey[];
}

export const DEFAULT_DATA_DIR = ".data";

/** Reads OFFERKIT_* variables; unset ones take the defaults of the one-command start (PGlite in ./.data). */
export function settingsFromEnv(env: NodeJS.ProcessEnv): ServeSettings {
  const databaseUrl = env.OFFERKIT_DATABASE_URL || undefined;
  const counters = (env.OFFERKIT_COUNTERS || undefined) as CounterBackend | undefined;
  return {
    host: env.OFFERKIT_HOST || "127.0.0.1",
    port: parsePort(env.OFFERKIT_PORT ?? env.PORT ?? "3000", "OFFERKIT_PORT"),
    stores: {
      ...(databaseUrl ? { databaseUrl } : { dataDir: env.OFFERKIT_DATA_DIR || DEFAULT_DATA_DIR }),
      ...(counters ? { counters: parseCounters(counters) } : {}),
      ...(env.OFFERKIT_REDIS_URL ? { redisUrl: env.OFFERKIT_REDIS_URL } : {}),
      ...(env.OFFERKIT_DB_SCHEMA ? { schema: env.OFFERKIT_DB_SCHEMA } : {}),
      ...(env.OFFERKIT_REDIS_PREFIX ? { redisKeyPrefix: env.OFFERKIT_REDIS_PREFIX } : {}),
    },
    seedDemo: env.OFFERKIT_SEED_DEMO !== "false",
    publicMetrics: env.OFFERKIT_PUBLIC_METRICS === "true",
    requestLogs: env.OFFERKIT_REQUEST_LOGS !== "false",
    decisionEventProfile: parseDecisionEventProfile(
      env.OFFERKIT_DECISION_EVENT_PROFILE || "full",
      "OFFERKIT_DECISION_EVENT_PROFILE",
    ),
    corsOrigins: (env.OFFERKIT_CORS_ORIGINS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
    defaultRateLimit: env.OFFERKIT_DEFAULT_RATE_LIMIT
      ? Number(env.OFFERKIT_DEFAULT_RATE_LIMIT)
      : undefined,
    ...(env.OFFERKIT_EMAIL_SIGNING_KEYS?.trim()
      ? { emailSigningKeys: parseSigningKeys(env.OFFERKIT_EMAIL_SIGNING_KEYS) }
      : {}),
  };
}

export function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new OfferkitError("BAD_REQUEST", `${name}: "${value}" is not a port number (0-65535)`);
  }
  return port;
}

export function parseDecisionEventProfile(value: string, name: string): DecisionEventProfile {
  if (value === "full" || value === "none") return value;
  throw new OfferkitError("BAD_REQUEST", `${name}: "${value}" is not one of full, none`);
}

export function parseCounters(value: string): CounterBackend {
  if (value === "memory" || value === "sql" || value === "redis") return value;
  throw new OfferkitError("BAD_REQUEST", `counters: "${value}" is not one of memory, sql, redis`);
}
