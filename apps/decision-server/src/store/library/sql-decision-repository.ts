import type { Decision } from "@offerkit/core";
import type {
  DecisionRepository,
  DecisionTransition,
  SqlClient,
  WriteOptions,
  WriteResult,
} from "../types.js";
import { SqlLibraryRepository } from "./sql-library-repository.js";
import { DECISION_TRANSITIONS, nextStatus } from "./status-transitions.js";
import type { LibraryWriter } from "./library-writer.js";

export class SqlDecisionRepository
  extends SqlLibraryRepository<"decisions">
  implements DecisionRepository
{
  constructor(sql: SqlClient, writer: LibraryWriter) {
    super("decisions", sql, writer);
  }

  transition(
    id: string,
    action: DecisionTransition,
    options: WriteOptions = {},
  ): Promise<WriteResult<Decision>> {
    return this.writeOne(id, (ctx) => {
      const current = this.current(ctx, id, options);
      const status = nextStatus(
        DECISION_TRANSITIONS,
        action,
        current.body["status"] as Decision["status"],
        this.spec.noun,
      );
      return this.put(this.parse({ ...current.body, status }));
    });
  }
}
