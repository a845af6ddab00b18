package ai.affinity.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected String location() {
        return dir.resolve("sub/affinity.db").toString();
    }

    @Override
    protected Event poison() {
        // SQLite stores NaN as NULL, which the NOT NULL constraint refuses.
        return new Event("u", "c", EventType.CLICK, Double.NaN, 3, "ok-2", null, null);
    }

    @Test
    void runsInWalModeWithFullSync() throws Exception {
        assertEquals(Store.Dialect.SQLITE, store.dialect());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + location()); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                // WAL is persistent in the database file once set.
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    @Test
    void rejectsUnsupportedJdbcUrls() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Store.open("jdbc:mysql://x/y"));
        assertEquals(true, e.getMessage().contains("unsupported JDBC URL"));
    }
}
