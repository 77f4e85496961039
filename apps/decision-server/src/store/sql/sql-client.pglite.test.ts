import { afterAll } from "vitest";
import { closePgliteTemplate, openTestPglite } from "../testing/test-pglite.js";
import { describeSqlClient } from "./sql-client.suite.js";

afterAll(closePgliteTemplate);

describeSqlClient({
  name: "PGlite",
  open: async () => {
    const sql = await openTestPglite();
    return { sql, dispose: () => sql.close() };
  },
});
