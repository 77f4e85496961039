import { afterAll } from "vitest";
import { closePgliteTemplate } from "../testing/test-pglite.js";
import { pgliteBackend } from "../testing/sql-backends.js";
import { describeSuppressionStore } from "./suppression-store.suite.js";

afterAll(closePgliteTemplate);
describeSuppressionStore(pgliteBackend);
