import { afterAll } from "vitest";
import { closePgliteTemplate } from "../store/testing/test-pglite.js";
import { pgliteBackend } from "../store/testing/sql-backends.js";
import { describeBatchDecisionApi } from "./batch-decision-routes.suite.js";

afterAll(closePgliteTemplate);
describeBatchDecisionApi(pgliteBackend);
