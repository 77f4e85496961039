import { pgliteWorkerBackend } from "../testing/sql-backends.js";
import { describeSqlClient } from "./sql-client.suite.js";

describeSqlClient(pgliteWorkerBackend);
