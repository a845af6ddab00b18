package ai.affinity.data;

import java.util.Arrays;

/**
 * One user's events in time order (ties broken by item index): parallel arrays of item index,
 * timestamp (seconds since the epoch, 0 when unknown) and value (rating, play count, 1 for implicit).
 *
 * <p>Immutable; the arrays are never exposed for writing.
 */
public final class History {
    private static final History EMPTY = new History(new int[0], new long[0], new float[0]);

    private final int[] items;
    private final long[] timestamps;
    private final float[] values;

    private History(int[] items, long[] timestamps, float[] values) {
        this.items = items;
        this.timestamps = timestamps;
        this.values = values;
    }

    public static History empty() {
        return EMPTY;
    }

    /** Builds a history from parallel arrays, sorting them by (timestamp, item). Arrays are copied. */
    public static History of(int[] items, long[] timestamps, float[] values) {
        int n = items.length;
        if (timestamps.length != n || values.length != n) {
            throw new IllegalArgumentException("items, timestamps and values must have the same length");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(timestamps[a], timestamps[b]);
            return c != 0 ? c : Integer.compare(items[a], items[b]);
        });
        int[] it = new int[n];
        long[] ts = new long[n];
        float[] vs = new float[n];
        for (int i = 0; i < n; i++) {
            it[i] = items[order[i]];
            ts[i] = timestamps[order[i]];
            vs[i] = values[order[i]];
        }
        return new History(it, ts, vs);
    }

    /** Implicit history of items in the given order with value 1 and timestamps 0..n-1. */
    public static History ofItems(int... items) {
        long[] ts = new long[items.length];
        float[] vs = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            ts[i] = i;
            vs[i] = 1f;
        }
        return new History(items.clone(), ts, vs);
    }

    /** Wraps arrays already sorted by (timestamp, item); the caller gives up ownership. */
    static History wrapSorted(int[] items, long[] timestamps, float[] values) {
        return new History(items, timestamps, values);
    }

    public int size() {
        return items.length;
    }

    public boolean isEmpty() {
        return items.length == 0;
    }

    public int item(int i) {
        return items[i];
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    public float value(int i) {
        return values[i];
    }

    /** A copy of the item indexes in time order. */
    public int[] items() {
        return items.clone();
    }

    public long[] timestamps() {
        return timestamps.clone();
    }

    public float[] values() {
        return values.clone();
    }

    /** The most recent {@code n} events (all of them when {@code n >= size()}). */
    public History last(int n) {
        if (n >= items.length) {
            return this;
        }
        int from = items.length - n;
        return new History(Arrays.copyOfRange(items, from, items.length),
                Arrays.copyOfRange(timestamps, from, items.length),
                Arrays.copyOfRange(values, from, items.length));
    }

    /** This history with more events appended (re-sorted by time). */
    public History plus(History more) {
        if (more.isEmpty()) {
            return this;
        }
        int n = items.length + more.size();
        int[] it = Arrays.copyOf(items, n);
        long[] ts = Arrays.copyOf(timestamps, n);
        float[] vs = Arrays.copyOf(values, n);
        System.arraycopy(more.items, 0, it, items.length, more.size());
        System.arraycopy(more.timestamps, 0, ts, items.length, more.size());
        System.arraycopy(more.values, 0, vs, items.length, more.size());
        return of(it, ts, vs);
    }

    @Override
    public String toString() {
        return "History" + Arrays.toString(items);
    }
}
