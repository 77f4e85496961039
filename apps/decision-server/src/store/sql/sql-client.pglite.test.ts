import { afterAll } from "vitest";
import { closePgliteTemplate } from "../testing/test-pglite.js";
import { pgliteBackend } from "../testing/sql-backends.js";
import { describeSqlClient } from "./sql-client.suite.js";

afterAll(closePgliteTemplate);

describeSqlClient(pgliteBackend);
