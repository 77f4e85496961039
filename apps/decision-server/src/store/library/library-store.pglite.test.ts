import { afterAll } from "vitest";
import { closePgliteTemplate } from "../testing/test-pglite.js";
import { pgliteBackend } from "../testing/sql-backends.js";
import { describeLibraryStore } from "./library-store.suite.js";

afterAll(closePgliteTemplate);
describeLibraryStore(pgliteBackend);
