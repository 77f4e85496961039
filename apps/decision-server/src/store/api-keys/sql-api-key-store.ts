import { z } from "zod";
import { OfferkitError } from "@offerkit/core";
import {
  API_KEY_SCOPES,
  type ApiKeyInfo,
  type ApiKeyScope,
  type ApiKeyStore,
  type RateLimitSetting,
  type SqlClient,
} from "../types.js";
import { generateApiKey, keyMatchesHash, lookupIdOf } from "./api-key-format.js";

const CreateApiKeyInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    scopes: z
      .array(z.enum(API_KEY_SCOPES))
      .min(1)
      .refine((s) => new Set(s).size === s.length, "scopes must not repeat"),
    rateLimit: z
      .object({
        requestsPerSecond: z.number().positive().max(1_000_000),
        burst: z.int().min(1).max(10_000_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

interface ApiKeyRow {
  id: string;
  name: string;
  key_sha256: string;
  scopes: ApiKeyScope[];
  rate_limit: RateLimitSetting | null;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = "id, name, key_sha256, scopes, rate_limit, created_at, revoked_at";

/** API keys stored as SHA-256 hashes; the plaintext exists only in create()'s answer. */
export class SqlApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(input: unknown): Promise<{ key: string; info: ApiKeyInfo }> {
    const parsed = CreateApiKeyInput.safeParse(input);
    if (!parsed.success) throw OfferkitError.fromZod(parsed.error);
    const { name, scopes, rateLimit } = parsed.data;
    // A 48-bit id collides about never; retry anyway rather than fail on the primary key.
    for (let attempt = 0; attempt < 5; attempt++) {
      const generated = generateApiKey();
      const rows = await this.sql.query<ApiKeyRow>(
        `INSERT INTO api_keys (id, name, key_sha256, scopes, rate_limit, created_at)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::timestamptz)
         ON CONFLICT (id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [
          generated.id,
          name,
          generated.sha256,
          JSON.stringify(scopes),
          rateLimit ? JSON.stringify(rateLimit) : null,
          this.clock().toISOString(),
        ],
      );
      const row = rows[0];
      if (row) return { key: generated.key, info: toInfo(row) };
    }
    throw new OfferkitError("INTERNAL", "could not allocate an API key id");
  }

  async verify(plaintextKey: string): Promise<ApiKeyInfo | undefined> {
    const id = typeof plaintextKey === "string" ? lookupIdOf(plaintextKey) : undefined;
    if (id === undefined) return undefined;
    const [row] = await this.sql.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [
      id,
    ]);
    if (!row || row.revoked_at !== null) return undefined;
    return keyMatchesHash(plaintextKey, row.key_sha256) ? toInfo(row) : undefined;
  }

  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.sql.query<ApiKeyRow>(
      `SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`,
    );
    return rows.map(toInfo);
  }

  async revoke(id: string): Promise<ApiKeyInfo> {
    const [row] = await this.sql.query<ApiKeyRow>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2::timestamptz) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, this.clock().toISOString()],
    );
    if (!row) throw new OfferkitError("NOT_FOUND", `API key "${id}" does not exist`);
    return toInfo(row);
  }
}

function toInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    ...(row.rate_limit && { rateLimit: row.rate_limit }),
    createdAt: row.created_at.toISOString(),
    ...(row.revoked_at && { revokedAt: row.revoked_at.toISOString() }),
  };
}
