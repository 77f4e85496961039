import { postgresBackend } from "../testing/sql-backends.js";
import { describeSuppressionStore } from "./suppression-store.suite.js";

describeSuppressionStore(postgresBackend);
