import { afterAll } from "vitest";
import { closePgliteTemplate } from "../store/testing/test-pglite.js";
import { pgliteBackend } from "../store/testing/sql-backends.js";
import { describeReportingApi } from "./reporting-routes.suite.js";

afterAll(closePgliteTemplate);
describeReportingApi(pgliteBackend);
