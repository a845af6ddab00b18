package ai.affinity.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a loader read: lines, events kept, duplicates merged, and lines or events skipped by reason,
 * with the first few bad-line messages kept verbatim so a user can find them.
 */
public final class LoadReport {
    private static final int MAX_MESSAGES = 20;

    private long linesRead;
    private long eventsKept;
    private long duplicatesMerged;
    private final Map<String, Long> skipped = new LinkedHashMap<>();
    private final List<String> badLineMessages = new ArrayList<>();

    public void countLine() {
        linesRead++;
    }

    public void addLines(long n) {
        linesRead += n;
    }

    /** Counts a bad line that was skipped (only with --skip-bad-lines); keeps the first messages. */
    public void skipBadLine(DataFormatException e) {
        skip("malformed line");
        if (badLineMessages.size() < MAX_MESSAGES) {
            badLineMessages.add(e.getMessage());
        }
    }

    public void skip(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    /** Folds the builder's counts (kept events, merged duplicates, value skips) into this report. */
    public void absorb(Interactions.BuildStats stats) {
        eventsKept = stats.added();
        duplicatesMerged += stats.merged();
        stats.skipped().forEach((k, v) -> skipped.merge(k, v, Long::sum));
    }

    /** Adds only the builder's skip counts (a second pass that filtered already-counted events). */
    public void absorbSkips(Interactions.BuildStats stats) {
        eventsKept = stats.added();
        stats.skipped().forEach((k, v) -> skipped.merge(k, v, Long::sum));
    }

    public long linesRead() {
        return linesRead;
    }

    public long eventsKept() {
        return eventsKept;
    }

    public long duplicatesMerged() {
        return duplicatesMerged;
    }

    public Map<String, Long> skipped() {
        return Collections.unmodifiableMap(skipped);
    }

    public long skippedTotal() {
        long s = 0;
        for (long v : skipped.values()) {
            s += v;
        }
        return s;
    }

    public List<String> badLineMessages() {
        return Collections.unmodifiableList(badLineMessages);
    }

    /** One-paragraph human summary. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(linesRead).append(" lines read, ").append(eventsKept).append(" events kept, ")
                .append(duplicatesMerged).append(" duplicates merged, ").append(skippedTotal()).append(" skipped");
        if (!skipped.isEmpty()) {
            sb.append(" (");
            boolean first = true;
            for (Map.Entry<String, Long> e : skipped.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                sb.append(e.getKey()).append(": ").append(e.getValue());
                first = false;
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
