package ai.affinity.server;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the PostgreSQL tests find their server: system property {@code affinity.test.postgres} (set by
 * surefire from the environment variable {@code AFFINITY_TEST_POSTGRES}, which {@code .ci/run} exports)
 * or that environment variable, a JDBC URL such as
 * {@code jdbc:postgresql://127.0.0.1:55432/affinity_test?user=affinity}. Each test gets a fresh schema.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** The configured PostgreSQL URL, or null. */
    public static String postgresUrl() {
        String url = System.getProperty("affinity.test.postgres");
        if (url == null || url.isBlank() || url.startsWith("${")) {
            url = System.getenv("AFFINITY_TEST_POSTGRES");
        }
        return url == null || url.isBlank() ? null : url;
    }

    /**
     * Creates a fresh schema and returns a URL whose connections use it; skips the test (with the reason)
     * when no PostgreSQL is configured or reachable.
     */
    public static String freshPostgresSchema() {
        String url = postgresUrl();
        Assumptions.assumeTrue(url != null, "PostgreSQL store tests skipped: set AFFINITY_TEST_POSTGRES (or "
                + "-Daffinity.test.postgres) to a JDBC URL; .ci/run starts a local cluster and sets it");
        String schema = "t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL store tests skipped: " + url.replaceAll("password=[^&]*", "password=***")
                    + " is not reachable: " + e.getMessage());
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops the schema a {@link #freshPostgresSchema()} URL points at. */
    public static void dropSchema(String schemaUrl) {
        int i = schemaUrl.lastIndexOf("currentSchema=");
        String schema = schemaUrl.substring(i + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(schemaUrl); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            // Leave it; a later run uses a new random schema.
        }
    }
}
