import { postgresBackend } from "../testing/sql-backends.js";
import { describeEventStore } from "./event-store.suite.js";

describeEventStore(postgresBackend);
