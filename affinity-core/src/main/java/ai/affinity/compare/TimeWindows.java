package ai.affinity.compare;

import ai.affinity.data.Interactions;
import ai.affinity.split.Split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolling time windows for the drift section: the last {@code span} share of events (by time) is cut
 * into {@code count} windows of about equal event counts. Window {@code w} trains on every event
 * before its start and tests on its events, so each window asks "trained on the past, how good is the
 * model on the next stretch of time?". Each window's query history is its training set: models
 * read everything up to the window start. Test events of users with no event before the window are
 * dropped, as in the global temporal split. Window boundaries are event timestamps; windows that would
 * be empty because many events share a timestamp are merged, so fewer than {@code count} can come back.
 */
final class TimeWindows {
    static final String PROTOCOL = "time-window";

    private TimeWindows() {
    }

    /** The window splits, oldest first. */
    static List<Split> of(Interactions x, int count, double span) {
        int total = x.numEvents();
        List<Split> out = new ArrayList<>();
        if (total < 2 || count < 1) {
            return out;
        }
        long[] times = new long[total];
        for (int p = 0; p < total; p++) {
            times[p] = x.timestamp(p);
        }
        Arrays.sort(times);
        int first = (int) Math.floor((1 - span) * total);
        long[] bounds = new long[count + 1];
        for (int w = 0; w <= count; w++) {
            int pos = Math.min(total - 1, first + (int) Math.round((double) w * (total - first) / count));
            bounds[w] = times[pos];
        }
        bounds[count] = times[total - 1] + 1; // the last window includes the latest events
        long prev = Long.MIN_VALUE;
        int index = 0;
        for (int w = 0; w < count; w++) {
            long start = Math.max(bounds[w], prev);
            long end = bounds[w + 1];
            if (end <= start) {
                continue;
            }
            prev = end;
            Split s = window(x, ++index, start, end);
            if (s.test().numEvents() > 0) {
                out.add(s);
            }
        }
        return out;
    }

    /** Train: events with time {@code < start}; test: events in {@code [start, end)} of users with training events. */
    static Split window(Interactions x, int index, long start, long end) {
        Interactions.Builder train = x.derive();
        Interactions.Builder test = x.derive();
        for (int u = 0; u < x.numUsers(); u++) {
            int s = x.start(u);
            int e = x.end(u);
            if (e == s || x.timestamp(s) >= start) {
                continue; // no history before the window: the user cannot be asked about
            }
            for (int p = s; p < e; p++) {
                long t = x.timestamp(p);
                if (t < start) {
                    train.add(u, x.item(p), x.value(p), t);
                } else if (t < end) {
                    test.add(u, x.item(p), x.value(p), t);
                }
            }
        }
        Interactions tr = train.build();
        Interactions te = test.build();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("window", index);
        params.put("start_timestamp", start);
        params.put("end_timestamp", end);
        params.put("train_events", tr.numEvents());
        params.put("test_events", te.numEvents());
        params.put("test_users", te.numActiveUsers());
        return Split.of(PROTOCOL, params, tr, te);
    }
}
