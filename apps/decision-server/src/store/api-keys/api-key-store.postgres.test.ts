import { postgresBackend } from "../testing/sql-backends.js";
import { describeApiKeyStore } from "./api-key-store.suite.js";

describeApiKeyStore(postgresBackend);
