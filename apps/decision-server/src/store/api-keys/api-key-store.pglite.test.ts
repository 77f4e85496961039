import { afterAll } from "vitest";
import { closePgliteTemplate } from "../testing/test-pglite.js";
import { pgliteBackend } from "../testing/sql-backends.js";
import { describeApiKeyStore } from "./api-key-store.suite.js";

afterAll(closePgliteTemplate);
describeApiKeyStore(pgliteBackend);
