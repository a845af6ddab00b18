package ai.affinity.server.store;

import ai.affinity.server.TestDatabases;

/** The store contract against PostgreSQL; skipped with a message when no server is configured. */
class PostgresStoreTest extends StoreContractTest {
    private String url;

    @Override
    protected String location() {
        if (url == null) {
            url = TestDatabases.freshPostgresSchema();
        }
        return url;
    }

    @Override
    protected Event poison() {
        // PostgreSQL text cannot hold a NUL character.
        return new Event("u", "c\u0000", EventType.CLICK, 1, 3, "ok-2", null, null);
    }

    @Override
    protected void cleanUp() {
        if (url != null) {
            TestDatabases.dropSchema(url);
            url = null;
        }
    }
}
