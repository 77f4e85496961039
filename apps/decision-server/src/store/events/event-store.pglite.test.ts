import { afterAll } from "vitest";
import { closePgliteTemplate } from "../testing/test-pglite.js";
import { pgliteBackend } from "../testing/sql-backends.js";
import { describeEventStore } from "./event-store.suite.js";

afterAll(closePgliteTemplate);
describeEventStore(pgliteBackend);
