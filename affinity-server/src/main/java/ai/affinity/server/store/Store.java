package ai.affinity.server.store;

import ai.affinity.engagement.EngagementEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The serving store: items, users, events and model versions in SQLite (a file, the default) or
 * PostgreSQL (a JDBC URL), behind a HikariCP pool, with the schema applied by Flyway migrations from
 * {@code classpath:ai/affinity/server/db/migration} (one script set for both; the two type names that
 * differ are Flyway placeholders).
 *
 * <p>Durability: every write method returns only after its transaction committed. SQLite runs in WAL
 * mode with {@code synchronous=FULL}: each commit fsyncs the WAL, so an acknowledged event survives a
 * process kill <em>and</em> a power loss or OS crash ({@code NORMAL} would survive a kill -9 but may lose
 * the last commits on power loss — not what "acknowledged" promises). Batching amortises the fsync.
 * PostgreSQL commits are durable with its defaults ({@code synchronous_commit=on}).
 *
 * <p>Idempotency: events carrying a client event id are inserted with {@code ON CONFLICT DO NOTHING} on
 * a unique constraint, so a retried batch stores each event once; duplicates are counted, not errors.
 *
 * <p>Thread-safe. SQLite allows one writer at a time: writes are serialised by a lock here (readers run
 * concurrently thanks to WAL) instead of failing with SQLITE_BUSY.
 */
public final class Store implements AutoCloseable {
    /** The database behind a store. */
    public enum Dialect { SQLITE, POSTGRESQL }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MIGRATIONS = "classpath:ai/affinity/server/db/migration";

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String description;
    private final ReentrantLock writeLock = new ReentrantLock();

    private Store(HikariDataSource pool, Dialect dialect, String description) {
        this.pool = pool;
        this.dialect = dialect;
        this.description = description;
    }

    /**
     * Opens (creating if needed) and migrates a store.
     *
     * @param location a JDBC URL ({@code jdbc:postgresql://...} or {@code jdbc:sqlite:...}) or a file path,
     *                 which means an SQLite file
     * @throws IllegalArgumentException for an unsupported JDBC URL
     * @throws StoreException           when the database cannot be reached or migrated
     */
    public static Store open(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("store location is empty: give a file path or a JDBC URL");
        }
        String url;
        Dialect dialect;
        if (location.startsWith("jdbc:postgresql:")) {
            url = location;
            dialect = Dialect.POSTGRESQL;
        } else if (location.startsWith("jdbc:sqlite:")) {
            url = location;
            dialect = Dialect.SQLITE;
        } else if (location.startsWith("jdbc:")) {
            throw new IllegalArgumentException("unsupported JDBC URL '" + location + "': use jdbc:postgresql:... or an SQLite file path");
        } else {
            Path file = Path.of(location).toAbsolutePath();
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
            } catch (java.io.IOException e) {
                throw new StoreException("cannot create the directory of store file " + file + ": " + e.getMessage(), e);
            }
            url = "jdbc:sqlite:" + file;
            dialect = Dialect.SQLITE;
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setPoolName("affinity-store");
        if (dialect == Dialect.SQLITE) {
            cfg.setDriverClassName("org.sqlite.JDBC");
            // Per-connection pragmas, applied by the driver to every pooled connection.
            cfg.addDataSourceProperty("journal_mode", "WAL");
            cfg.addDataSourceProperty("synchronous", "FULL");
            cfg.addDataSourceProperty("busy_timeout", "10000");
            cfg.addDataSourceProperty("foreign_keys", "true");
            cfg.setMaximumPoolSize(4);
        } else {
            cfg.setDriverClassName("org.postgresql.Driver");
            cfg.setMaximumPoolSize(8);
        }
        cfg.setConnectionTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open store " + redact(url) + ": " + rootMessage(e), e);
        }
        try {
            Map<String, String> placeholders = dialect == Dialect.SQLITE
                    ? Map.of("id_pk", "INTEGER PRIMARY KEY AUTOINCREMENT", "blob", "BLOB")
                    : Map.of("id_pk", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "blob", "BYTEA");
            Flyway.configure()
                    .dataSource(ds)
                    .locations(MIGRATIONS)
                    .placeholders(placeholders)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("cannot migrate store " + redact(url) + ": " + rootMessage(e), e);
        }
        return new Store(ds, dialect, redact(url));
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The JDBC URL without credentials, for logs. */
    public String description() {
        return description;
    }

    /**
     * Stores a batch in one transaction: all events or none. Returns after the commit. Events whose
     * client event id is already stored (or repeated within the batch) are skipped and counted.
     */
    public IngestResult appendEvents(List<Event> events) {
        long now = System.currentTimeMillis();
        return write(c -> {
            int accepted = 0;
            // Multi-row INSERTs of up to INSERT_CHUNK rows: one round trip per chunk instead of per row
            // (PostgreSQL over TCP pays a round trip for each statement). With ON CONFLICT DO NOTHING both
            // databases report the number of rows actually inserted, so duplicates are still counted.
            for (int from = 0; from < events.size(); from += INSERT_CHUNK) {
                int to = Math.min(events.size(), from + INSERT_CHUNK);
                try (PreparedStatement ps = c.prepareStatement(insertEventsSql(to - from))) {
                    int p = 1;
                    for (int j = from; j < to; j++) {
                        Event e = events.get(j);
                        ps.setString(p++, e.userId());
                        ps.setString(p++, e.itemId());
                        ps.setString(p++, e.type().wire());
                        ps.setDouble(p++, e.value());
                        ps.setLong(p++, e.timeMillis());
                        ps.setString(p++, e.clientEventId());
                        ps.setString(p++, e.requestId());
                        ps.setString(p++, e.arm());
                        ps.setLong(p++, now);
                    }
                    accepted += ps.executeUpdate();
                }
            }
            long last = queryLong(c, "SELECT COALESCE(MAX(seq), 0) FROM events");
            return new IngestResult(accepted, events.size() - accepted, last);
        });
    }

    /** Rows per INSERT statement (9 parameters each; well under SQLite's and PostgreSQL's parameter limits). */
    static final int INSERT_CHUNK = 200;

    private static String insertEventsSql(int rows) {
        StringBuilder sb = new StringBuilder(200 + rows * 30);
        sb.append("INSERT INTO events (user_id, item_id, event_type, event_value, event_time, client_event_id, "
                + "request_id, arm, received_at) VALUES ");
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return sb.append(" ON CONFLICT (client_event_id) DO NOTHING").toString();
    }

    /** Inserts or replaces an item; returns true when it was new. */
    public boolean upsertItem(ItemRecord item) {
        long now = System.currentTimeMillis();
        String attrs = toJson(Map.of("categorical", item.categorical(), "numeric", item.numeric()));
        return write(c -> {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM items WHERE item_id = ?")) {
                ps.setString(1, item.itemId());
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            String sql = exists
                    ? "UPDATE items SET title = ?, body = ?, attributes = ?, image = ?, image_type = ?, audio = ?, audio_type = ?, updated_at = ? WHERE item_id = ?"
                    : "INSERT INTO items (title, body, attributes, image, image_type, audio, audio_type, updated_at, item_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, item.title());
                ps.setString(2, item.text());
                ps.setString(3, attrs);
                ps.setBytes(4, item.image());
                ps.setString(5, item.imageType());
                ps.setBytes(6, item.audio());
                ps.setString(7, item.audioType());
                ps.setLong(8, now);
                ps.setString(9, item.itemId());
                if (!exists) {
                    ps.setLong(10, now);
                }
                ps.executeUpdate();
            }
            return !exists;
        });
    }

    /** The stored item, or empty. */
    public Optional<ItemRecord> item(String itemId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT item_id, title, body, attributes, image, image_type, audio, audio_type FROM items WHERE item_id = ?")) {
                ps.setString(1, itemId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Map<String, Object> attrs = parseJson(rs.getString(4));
                    return Optional.of(new ItemRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                            castMap(attrs.get("categorical"), new TypeReference<Map<String, List<String>>>() { }),
                            castMap(attrs.get("numeric"), new TypeReference<Map<String, Double>>() { }),
                            rs.getBytes(5), rs.getString(6), rs.getBytes(7), rs.getString(8)));
                }
            }
        });
    }

    /** Every stored item id, in the order they were first stored. */
    public List<String> itemIds() {
        return read(c -> {
            List<String> ids = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT item_id FROM items ORDER BY created_at, item_id")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    /** Inserts or replaces a user's attributes; returns true when the user was new. */
    public boolean upsertUser(String userId, Map<String, String> categorical, Map<String, Double> numeric) {
        long now = System.currentTimeMillis();
        String attrs = toJson(Map.of("categorical", categorical, "numeric", numeric));
        return write(c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET attributes = ?, updated_at = ? WHERE user_id = ?")) {
                ps.setString(1, attrs);
                ps.setLong(2, now);
                ps.setString(3, userId);
                updated = ps.executeUpdate();
            }
            if (updated > 0) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (user_id, attributes, created_at, updated_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, userId);
                ps.setString(2, attrs);
                ps.setLong(3, now);
                ps.setLong(4, now);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /**
     * A user's stored attributes as {@code {"categorical": {...}, "numeric": {...}}}, or empty when the
     * user was never stored.
     */
    public Optional<UserAttributes> user(String userId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT attributes FROM users WHERE user_id = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Map<String, Object> attrs = parseJson(rs.getString(1));
                    return Optional.of(new UserAttributes(
                            castMap(attrs.get("categorical"), new TypeReference<Map<String, String>>() { }),
                            castMap(attrs.get("numeric"), new TypeReference<Map<String, Double>>() { })));
                }
            }
        });
    }

    /** A user's stored attributes. */
    public record UserAttributes(Map<String, String> categorical, Map<String, Double> numeric) {
    }

    /**
     * The user's most recent {@code limit} interactions (impressions excluded), oldest first. Reads the
     * committed state, so an event acknowledged a moment ago is included.
     */
    public List<HistoryEvent> recentHistory(String userId, int limit) {
        return read(c -> {
            List<HistoryEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, item_id, event_time, event_value FROM events "
                    + "WHERE user_id = ? AND event_type <> 'impression' ORDER BY event_time DESC, seq DESC LIMIT ?")) {
                ps.setString(1, userId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new HistoryEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), (float) rs.getDouble(4)));
                    }
                }
            }
            Collections.reverse(out);
            return out;
        });
    }

    /** One stored interaction, as streamed to a refit. */
    public record StoredInteraction(long seq, String userId, String itemId, float value, long timeMillis) {
    }

    /**
     * Streams every interaction (impressions excluded) with {@code seq <= throughSeq} in sequence order
     * to {@code sink}. Used by refits; holds one read connection for the duration.
     */
    public void forEachInteraction(long throughSeq, Consumer<StoredInteraction> sink) {
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, user_id, item_id, event_value, event_time FROM events "
                    + "WHERE seq <= ? AND event_type <> 'impression' ORDER BY seq")) {
                ps.setLong(1, throughSeq);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new StoredInteraction(rs.getLong(1), rs.getString(2), rs.getString(3),
                                (float) rs.getDouble(4), rs.getLong(5)));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Impressions and clicks attributed to an arm with {@code fromMillis <= time < toMillis}, for the
     * engagement report.
     */
    public List<EngagementEvent> engagementEvents(long fromMillis, long toMillis) {
        return read(c -> {
            List<EngagementEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id, event_type, event_time, arm FROM events "
                    + "WHERE event_time >= ? AND event_time < ? AND arm IS NOT NULL AND event_type IN ('impression', 'click')")) {
                ps.setLong(1, fromMillis);
                ps.setLong(2, toMillis);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new EngagementEvent(rs.getString(1), "click".equals(rs.getString(2))
                                ? EngagementEvent.Kind.CLICK : EngagementEvent.Kind.IMPRESSION, rs.getLong(3), rs.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    /** The highest event sequence number, 0 when there are no events. */
    public long lastEventSeq() {
        return read(c -> queryLong(c, "SELECT COALESCE(MAX(seq), 0) FROM events"));
    }

    /** Counts of stored rows: events, items, users, model versions. */
    public record Counts(long events, long items, long users, long modelVersions) {
    }

    public Counts counts() {
        return read(c -> new Counts(queryLong(c, "SELECT COUNT(*) FROM events"), queryLong(c, "SELECT COUNT(*) FROM items"),
                queryLong(c, "SELECT COUNT(*) FROM users"), queryLong(c, "SELECT COUNT(*) FROM model_versions")));
    }

    /** Records a fitted model and returns its version number. */
    public long recordModelVersion(String arm, String spec, long eventsThrough, int numUsers, int numItems, double fitSeconds) {
        long now = System.currentTimeMillis();
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_versions (arm, model_spec, events_through, "
                    + "num_users, num_items, fit_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", new String[]{"version"})) {
                ps.setString(1, arm);
                ps.setString(2, spec);
                ps.setLong(3, eventsThrough);
                ps.setInt(4, numUsers);
                ps.setInt(5, numItems);
                ps.setDouble(6, fitSeconds);
                ps.setLong(7, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (keys.next()) {
                        return keys.getLong(1);
                    }
                }
            }
            return queryLong(c, "SELECT MAX(version) FROM model_versions");
        });
    }

    /** Every recorded model version, oldest first. */
    public List<ModelVersion> modelVersions() {
        return read(c -> {
            List<ModelVersion> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version, arm, model_spec, "
                    + "events_through, num_users, num_items, fit_seconds, created_at FROM model_versions ORDER BY version")) {
                while (rs.next()) {
                    out.add(new ModelVersion(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5),
                            rs.getInt(6), rs.getDouble(7), rs.getLong(8)));
                }
            }
            return out;
        });
    }

    /** Whether the database answers a trivial query (for /health). */
    public boolean ping() {
        try {
            return read(c -> queryLong(c, "SELECT 1") == 1);
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---- plumbing ----

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T read(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        }
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> parseJson(String s) {
        if (s == null || s.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(s, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt attributes JSON in the store: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T castMap(Object o, TypeReference<T> type) {
        return JSON.convertValue(o == null ? Map.of() : o, type);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
