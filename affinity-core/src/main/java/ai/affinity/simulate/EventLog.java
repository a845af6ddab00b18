package ai.affinity.simulate;

import ai.affinity.data.IdMap;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes simulated impressions and clicks as CSV, one row per shown item, for replay through the
 * server's engagement pipeline. Header and columns:
 * <pre>
 *   seed,day,timestamp,request_id,arm,user,item,position,clicked
 * </pre>
 * {@code timestamp} is the request time in seconds since the epoch (a click happens 5 s per position
 * later: {@code timestamp + 5 * position}); {@code request_id} is unique per (seed, arm, day, user) and
 * shared by the k rows of one list; {@code user} and {@code item} are external ids; {@code position}
 * is 1-based; {@code clicked} is 0 or 1. Arms containing commas or quotes are quoted (RFC 4180).
 * Rows are in simulation order (seed, arm, day, then user). Not thread-safe.
 */
public final class EventLog implements EventSink, Closeable {
    public static final String HEADER = "seed,day,timestamp,request_id,arm,user,item,position,clicked";
    /** Seconds between the request and a click at position 1 (and per further position). */
    public static final int CLICK_DELAY_SECONDS = 5;

    private final BufferedWriter out;
    private final IdMap users;
    private final IdMap items;
    private long rows;

    public EventLog(Path file, IdMap users, IdMap items) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.users = users;
        this.items = items;
        out.write(HEADER);
        out.write('\n');
    }

    @Override
    public void impression(long seed, String arm, int day, long timestamp, String requestId, int user, int item,
                           int position, boolean clicked) {
        try {
            out.write(Long.toString(seed));
            out.write(',');
            out.write(Integer.toString(day));
            out.write(',');
            out.write(Long.toString(timestamp));
            out.write(',');
            out.write(csv(requestId));
            out.write(',');
            out.write(csv(arm));
            out.write(',');
            out.write(csv(users.id(user)));
            out.write(',');
            out.write(csv(items.id(item)));
            out.write(',');
            out.write(Integer.toString(position));
            out.write(',');
            out.write(clicked ? '1' : '0');
            out.write('\n');
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
