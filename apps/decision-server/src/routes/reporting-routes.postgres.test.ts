import { postgresBackend } from "../store/testing/sql-backends.js";
import { describeReportingApi } from "./reporting-routes.suite.js";

describeReportingApi(postgresBackend);
