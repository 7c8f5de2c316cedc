import { EMBEDDED_ADAPTERS } from "../testing/embedded-stores";
import { runStoreConformance } from "./store-conformance";

// The embedded adapters; PostgreSQL runs the same suite in postgres/postgres-store.test.ts.
for (const [name, open] of EMBEDDED_ADAPTERS) runStoreConformance(name, open);
