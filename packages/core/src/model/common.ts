import { z } from "zod";

/** Identifiers of library objects: short, URL-safe, human-chosen or generated. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "must be 1-128 characters of letters, digits, . _ : -");
export type Id = z.infer<typeof Id>;

/** ISO 8601 date-time with offset, e.g. 2026-11-22T00:00:00Z. */
export const DateTime = z.iso.datetime({ offset: true });

export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

/** Free key/value data on offers (readable from rules as offer.attributes.x). */
export const Attributes = z
  .record(z.string().min(1).max(64), JsonValue)
  .refine((a) => Object.keys(a).length <= 30, "at most 30 attributes");

export const Tag = z.string().min(1).max(64);

/** Fields a library API maintains; optional in bundles so hand-written libraries stay short. */
export const Meta = {
  etag: z.string().optional(),
  createdAt: DateTime.optional(),
  updatedAt: DateTime.optional(),
};
