package ai.affinity.model.ease;

import ai.affinity.data.History;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * A fitted {@link Ease} model: the item-item weights {@code B} (floats, zero diagonal) over the
 * {@code m} items that had training events. Scores are {@code x_u B}, the sum of the rows of the
 * query's history items (each item once; its latest value when not implicit). Items unknown to
 * the model (no training events, or indexes past {@link #numItems()}) add nothing and score 0.
 * Known and unknown users are scored the same way, from {@code query.history()}.
 *
 * <p>Immutable and thread-safe; scoring costs {@code O(|history| · m)} and allocates nothing after
 * the first call on a thread (per-thread scratch).
 */
public final class EaseModel implements SavableModel {
    private final int numItems;
    private final int m;
    private final int[] items;
    private final int[] slot;
    private final float[] b;
    private final boolean implicit;
    private final double lambda;
    private final Map<String, Double> fitSeconds;
    private final ThreadLocal<Scratch> scratch;

    EaseModel(int numItems, int[] items, float[] b, boolean implicit, double lambda, Map<String, Double> fitSeconds) {
        this.numItems = numItems;
        this.m = items.length;
        if ((long) m * m != b.length) {
            throw new IllegalArgumentException("weights hold " + b.length + " values, expected " + m + "x" + m);
        }
        this.items = items;
        this.slot = new int[numItems];
        Arrays.fill(slot, -1);
        for (int s = 0; s < m; s++) {
            if (items[s] < 0 || items[s] >= numItems || (s > 0 && items[s] <= items[s - 1])) {
                throw new IllegalArgumentException("item list must be strictly increasing within 0.." + (numItems - 1));
            }
            slot[items[s]] = s;
        }
        this.b = b;
        this.implicit = implicit;
        this.lambda = lambda;
        this.fitSeconds = Map.copyOf(fitSeconds);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(numItems, m == numItems ? 0 : m));
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Number of items with a row in {@code B} (those with training events). */
    public int numActiveItems() {
        return m;
    }

    public double lambda() {
        return lambda;
    }

    public boolean implicit() {
        return implicit;
    }

    /** Wall-clock seconds of the fit's stages ("gram", "inverse", "weights"); empty for a loaded model. */
    public Map<String, Double> fitSeconds() {
        return fitSeconds;
    }

    /** {@code B[from][to]}: how much having {@code from} adds to the score of {@code to}; 0 for unknown items. */
    public float weight(int from, int to) {
        int sf = from >= 0 && from < numItems ? slot[from] : -1;
        int st = to >= 0 && to < numItems ? slot[to] : -1;
        return sf < 0 || st < 0 ? 0f : b[sf * m + st];
    }

    @Override
    public void score(UserQuery query, float[] scoresOut) {
        Arrays.fill(scoresOut, 0, numItems, 0f);
        History h = query.history();
        if (h.isEmpty() || m == 0) {
            return;
        }
        Scratch sc = scratch.get();
        int gen = sc.nextGeneration();
        boolean direct = m == numItems;
        float[] acc = direct ? scoresOut : sc.acc;
        if (!direct) {
            Arrays.fill(acc, 0f);
        }
        // Newest first, so that a repeated item counts once, with its latest value.
        for (int e = h.size() - 1; e >= 0; e--) {
            int item = h.item(e);
            if (item < 0 || item >= numItems || sc.mark[item] == gen) {
                continue;
            }
            sc.mark[item] = gen;
            int s = slot[item];
            float w = implicit ? 1f : h.value(e);
            if (s < 0 || w == 0f) {
                continue;
            }
            int row = s * m;
            for (int j = 0; j < m; j++) {
                acc[j] += w * b[row + j];
            }
        }
        if (!direct) {
            for (int s = 0; s < m; s++) {
                scoresOut[items[s]] = acc[s];
            }
        }
    }

    @Override
    public String kind() {
        return Ease.NAME;
    }

    @Override
    public int payloadVersion() {
        return 1;
    }

    @Override
    public void writePayload(ModelWriter out) throws IOException {
        out.writeInt(numItems);
        out.writeBoolean(implicit);
        out.writeDouble(lambda);
        out.writeInts(items);
        out.writeMatrix(m, m, b);
    }

    static EaseModel read(ModelReader in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("ease model payload version " + version + " is not supported (expected 1)");
        }
        int numItems = in.readInt();
        boolean implicit = in.readBoolean();
        double lambda = in.readDouble();
        int[] items = in.readInts();
        float[] b = in.readMatrix(items.length, items.length);
        try {
            return new EaseModel(numItems, items, b, implicit, lambda, Map.of());
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt ease model: " + e.getMessage(), e);
        }
    }

    /** Per-thread buffers: seen-item marks (by generation, so they are never cleared) and sums by slot. */
    private static final class Scratch {
        final int[] mark;
        final float[] acc;
        int generation;

        Scratch(int numItems, int slots) {
            mark = new int[numItems];
            acc = new float[slots];
        }

        int nextGeneration() {
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(mark, 0);
                generation = 1;
            }
            return generation;
        }
    }
}
