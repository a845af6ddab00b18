package ai.affinity.data;

import ai.affinity.util.IntSorter;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable users × items matrix of events in CSR form: for user {@code u} the events are at
 * positions {@code start(u) .. end(u)-1}, ordered by (timestamp, item). At most one event per
 * (user, item) pair: the {@link Builder} merges duplicates by a {@link DuplicatePolicy}.
 *
 * <p>The dimensions are fixed at build time and may exceed the largest index seen, so that train
 * and test parts of one data set share item and user index spaces. A by-item view is built on
 * first use. Thread-safe.
 */
public final class Interactions {
    private final int numUsers;
    private final int numItems;
    private final int[] indptr;
    private final int[] items;
    private final float[] values;
    private final long[] timestamps;
    private volatile ItemView itemView;
    private volatile int[] itemCounts;

    private Interactions(int numUsers, int numItems, int[] indptr, int[] items, float[] values, long[] timestamps) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.indptr = indptr;
        this.items = items;
        this.values = values;
        this.timestamps = timestamps;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Interactions empty(int numUsers, int numItems) {
        return new Interactions(numUsers, numItems, new int[numUsers + 1], new int[0], new float[0], new long[0]);
    }

    public int numUsers() {
        return numUsers;
    }

    public int numItems() {
        return numItems;
    }

    /** Number of stored (user, item) events. */
    public int numEvents() {
        return items.length;
    }

    /** First position of user {@code u}'s events. */
    public int start(int u) {
        return indptr[u];
    }

    /** One past the last position of user {@code u}'s events. */
    public int end(int u) {
        return indptr[u + 1];
    }

    public int userCount(int u) {
        return indptr[u + 1] - indptr[u];
    }

    public int item(int pos) {
        return items[pos];
    }

    public float value(int pos) {
        return values[pos];
    }

    public long timestamp(int pos) {
        return timestamps[pos];
    }

    /** User {@code u}'s events as a time-ordered history (copied). */
    public History history(int u) {
        int s = indptr[u];
        int e = indptr[u + 1];
        return History.wrapSorted(Arrays.copyOfRange(items, s, e), Arrays.copyOfRange(timestamps, s, e),
                Arrays.copyOfRange(values, s, e));
    }

    /** Whether user {@code u} has an event on item {@code i} (linear in the user's events). */
    public boolean contains(int u, int i) {
        for (int p = indptr[u]; p < indptr[u + 1]; p++) {
            if (items[p] == i) {
                return true;
            }
        }
        return false;
    }

    /** Number of users with an event on each item (a copy). */
    public int[] itemCounts() {
        int[] c = itemCounts;
        if (c == null) {
            c = new int[numItems];
            for (int item : items) {
                c[item]++;
            }
            itemCounts = c;
        }
        return c.clone();
    }

    /** Number of users with at least one event. */
    public int numActiveUsers() {
        int n = 0;
        for (int u = 0; u < numUsers; u++) {
            if (indptr[u + 1] > indptr[u]) {
                n++;
            }
        }
        return n;
    }

    /** Number of items with at least one event. */
    public int numActiveItems() {
        int[] c = itemCounts();
        int n = 0;
        for (int v : c) {
            if (v > 0) {
                n++;
            }
        }
        return n;
    }

    public long minTimestamp() {
        long m = Long.MAX_VALUE;
        for (long t : timestamps) {
            m = Math.min(m, t);
        }
        return items.length == 0 ? 0 : m;
    }

    public long maxTimestamp() {
        long m = Long.MIN_VALUE;
        for (long t : timestamps) {
            m = Math.max(m, t);
        }
        return items.length == 0 ? 0 : m;
    }

    /** The CSC (by-item) view, built once on first use. */
    public ItemView byItem() {
        ItemView v = itemView;
        if (v == null) {
            synchronized (this) {
                v = itemView;
                if (v == null) {
                    v = new ItemView(this);
                    itemView = v;
                }
            }
        }
        return v;
    }

    /** A builder pre-sized to these dimensions, for deriving parts of this matrix (splits). */
    public Builder derive() {
        return builder().setDimensions(numUsers, numItems).optExpectedEvents(items.length);
    }

    /**
     * Events by item: for item {@code i}, positions {@code start(i) .. end(i)-1} hold the users
     * (ascending) with their values and timestamps.
     */
    public static final class ItemView {
        private final int[] indptr;
        private final int[] users;
        private final float[] values;
        private final long[] timestamps;

        private ItemView(Interactions x) {
            int n = x.items.length;
            indptr = new int[x.numItems + 1];
            for (int item : x.items) {
                indptr[item + 1]++;
            }
            for (int i = 0; i < x.numItems; i++) {
                indptr[i + 1] += indptr[i];
            }
            int[] fill = Arrays.copyOf(indptr, x.numItems);
            users = new int[n];
            values = new float[n];
            timestamps = new long[n];
            for (int u = 0; u < x.numUsers; u++) {
                for (int p = x.indptr[u]; p < x.indptr[u + 1]; p++) {
                    int q = fill[x.items[p]]++;
                    users[q] = u;
                    values[q] = x.values[p];
                    timestamps[q] = x.timestamps[p];
                }
            }
        }

        public int start(int i) {
            return indptr[i];
        }

        public int end(int i) {
            return indptr[i + 1];
        }

        public int itemCount(int i) {
            return indptr[i + 1] - indptr[i];
        }

        public int user(int pos) {
            return users[pos];
        }

        public float value(int pos) {
            return values[pos];
        }

        public long timestamp(int pos) {
            return timestamps[pos];
        }
    }

    /** What a build kept, merged and skipped, and why. */
    public record BuildStats(long added, long merged, Map<String, Long> skipped) {
        public long skippedTotal() {
            long s = 0;
            for (long v : skipped.values()) {
                s += v;
            }
            return s;
        }
    }

    /**
     * Collects events and builds an {@link Interactions}. Events whose value is NaN or infinite,
     * or below the optional minimum value (implicit-feedback threshold), are skipped and counted
     * by reason; duplicates are merged by the {@link DuplicatePolicy} (default {@link DuplicatePolicy#LAST}).
     * Not thread-safe.
     */
    public static final class Builder {
        private int[] users = new int[1024];
        private int[] itemIdx = new int[1024];
        private float[] vals = new float[1024];
        private long[] times = new long[1024];
        private int size;
        private int maxUser = -1;
        private int maxItem = -1;
        private int numUsers = -1;
        private int numItems = -1;
        private float minValue = Float.NEGATIVE_INFINITY;
        private DuplicatePolicy duplicatePolicy = DuplicatePolicy.LAST;
        private final Map<String, Long> skipped = new LinkedHashMap<>();
        private long merged;

        private Builder() {
        }

        /** Fixes the dimensions; otherwise they are one past the largest index added. */
        public Builder setDimensions(int numUsers, int numItems) {
            if (numUsers < 0 || numItems < 0) {
                throw new IllegalArgumentException("dimensions must be non-negative");
            }
            this.numUsers = numUsers;
            this.numItems = numItems;
            return this;
        }

        /** Keep only events with value ≥ {@code minValue} (implicit feedback from ratings). */
        public Builder optMinValue(float minValue) {
            this.minValue = minValue;
            return this;
        }

        public Builder optDuplicatePolicy(DuplicatePolicy policy) {
            this.duplicatePolicy = policy;
            return this;
        }

        public Builder optExpectedEvents(int n) {
            if (n > users.length) {
                grow(n);
            }
            return this;
        }

        /**
         * Adds an event. Returns false (and counts the reason) when the event is skipped for its
         * value; throws for negative indexes or indexes outside fixed dimensions.
         */
        public boolean add(int user, int item, float value, long timestamp) {
            if (user < 0 || item < 0) {
                throw new IllegalArgumentException("negative index: user " + user + ", item " + item);
            }
            if (numUsers >= 0 && (user >= numUsers || item >= numItems)) {
                throw new IllegalArgumentException("index out of dimensions " + numUsers + "x" + numItems
                        + ": user " + user + ", item " + item);
            }
            if (Float.isNaN(value) || Float.isInfinite(value)) {
                skip("value is not a finite number");
                return false;
            }
            if (value < minValue) {
                skip("value below threshold " + minValue);
                return false;
            }
            if (size == users.length) {
                grow(size * 2);
            }
            users[size] = user;
            itemIdx[size] = item;
            vals[size] = value;
            times[size] = timestamp;
            size++;
            maxUser = Math.max(maxUser, user);
            maxItem = Math.max(maxItem, item);
            return true;
        }

        /** Counts an event skipped by the caller (a loader) for {@code reason}. */
        public void skip(String reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        public int size() {
            return size;
        }

        private void grow(int capacity) {
            users = Arrays.copyOf(users, capacity);
            itemIdx = Arrays.copyOf(itemIdx, capacity);
            vals = Arrays.copyOf(vals, capacity);
            times = Arrays.copyOf(times, capacity);
        }

        public BuildStats stats() {
            return new BuildStats(size - merged, merged, Collections.unmodifiableMap(new LinkedHashMap<>(skipped)));
        }

        /** Builds the matrix. The builder may be built again (it keeps its events). */
        public Interactions build() {
            int nu = numUsers >= 0 ? numUsers : maxUser + 1;
            int ni = numItems >= 0 ? numItems : maxItem + 1;
            // Counting sort by user keeps insertion order within a user (stable).
            int[] indptr = new int[nu + 1];
            for (int k = 0; k < size; k++) {
                indptr[users[k] + 1]++;
            }
            for (int u = 0; u < nu; u++) {
                indptr[u + 1] += indptr[u];
            }
            int[] order = new int[size];
            int[] fill = Arrays.copyOf(indptr, nu);
            for (int k = 0; k < size; k++) {
                order[fill[users[k]]++] = k;
            }
            int[] outItems = new int[size];
            float[] outVals = new float[size];
            long[] outTimes = new long[size];
            int[] outPtr = new int[nu + 1];
            int w = 0;
            long mergedNow = 0;
            for (int u = 0; u < nu; u++) {
                int s = indptr[u];
                int e = indptr[u + 1];
                IntSorter.sort(order, s, e, (a, b) -> {
                    int c = Integer.compare(itemIdx[a], itemIdx[b]);
                    if (c != 0) {
                        return c;
                    }
                    c = Long.compare(times[a], times[b]);
                    return c != 0 ? c : Integer.compare(a, b);
                });
                int rowStart = w;
                for (int p = s; p < e; ) {
                    int k = order[p];
                    int item = itemIdx[k];
                    float v = vals[k];
                    long t = times[k];
                    int q = p + 1;
                    while (q < e && itemIdx[order[q]] == item) {
                        int kk = order[q];
                        float vv = vals[kk];
                        switch (duplicatePolicy) {
                            case LAST -> v = vv;
                            case FIRST -> { }
                            case SUM -> v += vv;
                            case MAX -> v = Math.max(v, vv);
                            default -> throw new IllegalStateException();
                        }
                        t = Math.max(t, times[kk]);
                        mergedNow++;
                        q++;
                    }
                    outItems[w] = item;
                    outVals[w] = v;
                    outTimes[w] = t;
                    w++;
                    p = q;
                }
                sortRowByTime(outItems, outVals, outTimes, rowStart, w);
                outPtr[u + 1] = w;
            }
            merged = mergedNow;
            return new Interactions(nu, ni, outPtr, Arrays.copyOf(outItems, w), Arrays.copyOf(outVals, w),
                    Arrays.copyOf(outTimes, w));
        }

        private static void sortRowByTime(int[] items, float[] vals, long[] times, int s, int e) {
            int n = e - s;
            if (n < 2) {
                return;
            }
            boolean sorted = true;
            for (int p = s + 1; p < e && sorted; p++) {
                sorted = times[p - 1] < times[p] || (times[p - 1] == times[p] && items[p - 1] <= items[p]);
            }
            if (sorted) {
                return;
            }
            int[] idx = new int[n];
            for (int k = 0; k < n; k++) {
                idx[k] = s + k;
            }
            IntSorter.sort(idx, (a, b) -> {
                int c = Long.compare(times[a], times[b]);
                return c != 0 ? c : Integer.compare(items[a], items[b]);
            });
            int[] it = new int[n];
            float[] vs = new float[n];
            long[] ts = new long[n];
            for (int k = 0; k < n; k++) {
                it[k] = items[idx[k]];
                vs[k] = vals[idx[k]];
                ts[k] = times[idx[k]];
            }
            System.arraycopy(it, 0, items, s, n);
            System.arraycopy(vs, 0, vals, s, n);
            System.arraycopy(ts, 0, times, s, n);
        }
    }
}
