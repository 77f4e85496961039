import { OfferkitError, type Offer } from "@offerkit/core";
import type { OfferRepository, OfferTransition, WriteOptions, WriteResult } from "../types.js";
import { SqlLibraryRepository } from "./sql-library-repository.js";
import { nextStatus, OFFER_TRANSITIONS } from "./status-transitions.js";
import type { SqlClient } from "../types.js";
import type { LibraryWriter } from "./library-writer.js";

const MAX_ID_LENGTH = 128;
const MAX_NAME_LENGTH = 200;

export class SqlOfferRepository extends SqlLibraryRepository<"offers"> implements OfferRepository {
  constructor(sql: SqlClient, writer: LibraryWriter) {
    super("offers", sql, writer);
  }

  transition(
    id: string,
    action: OfferTransition,
    options: WriteOptions = {},
  ): Promise<WriteResult<Offer>> {
    return this.writeOne(id, (ctx) => {
      const current = this.current(ctx, id, options);
      const status = nextStatus(
        OFFER_TRANSITIONS,
        action,
        current.body["status"] as Offer["status"],
        this.spec.noun,
      );
      return this.put(this.parse({ ...current.body, status }));
    });
  }

  duplicate(
    id: string,
    options: { newId?: string; name?: string } = {},
  ): Promise<WriteResult<Offer>> {
    return this.writeOne(id, (ctx) => {
      const source = this.current(ctx, id, {});
      let newId = options.newId;
      if (newId === undefined) {
        const base = `${id.slice(0, MAX_ID_LENGTH - "-copy-99999".length)}-copy`;
        newId = base;
        for (let n = 2; ctx.has("offers", newId); n++) newId = `${base}-${n}`;
      } else if (ctx.has("offers", newId)) {
        throw new OfferkitError("CONFLICT", `offer "${newId}" already exists`, {
          issues: [{ path: ["newId"], message: "already exists" }],
        });
      }
      const name =
        options.name ?? `${String(source.body["name"])} (copy)`.slice(0, MAX_NAME_LENGTH);
      return this.put(this.parse({ ...source.body, id: newId, name, status: "draft" }));
    });
  }
}
