import { postgresBackend } from "../store/testing/sql-backends.js";
import { describeBatchDecisionApi } from "./batch-decision-routes.suite.js";

describeBatchDecisionApi(postgresBackend);
