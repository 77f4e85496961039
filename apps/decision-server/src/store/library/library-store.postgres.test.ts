import { postgresBackend } from "../testing/sql-backends.js";
import { describeLibraryStore } from "./library-store.suite.js";

describeLibraryStore(postgresBackend);
