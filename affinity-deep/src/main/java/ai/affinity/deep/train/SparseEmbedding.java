package ai.affinity.deep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * An embedding table that lives in a Java {@code float[]} (rows × dim, row-major) and is trained
 * with sparse row updates: per batch, {@link #gather} copies the rows the batch touches (each once)
 * into a small NDArray with gradient attached; the dense network runs in PyTorch on it; after the
 * backward pass {@link #step} reads the rows' gradients back and applies Adam to those rows only.
 * Rows the batch does not touch keep their values and their optimiser state: the cost of a step is
 * proportional to the rows touched, not to the table.
 *
 * <p>Optimiser: Adam with <b>per-row step counts</b>. Each row keeps its own first and second
 * moments and its own update count {@code t_r}, and is updated exactly as DJL's dense Adam would
 * update a parameter that only ever sees the steps where the row was touched:
 * <pre>
 *   m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²,   t_r ← t_r + 1
 *   w ← w − lr · √(1 − β2^t_r) / (1 − β1^t_r) · m / (√v + ε)
 * </pre>
 * (DJL's convention: ε is added to the uncorrected √v.) This differs from TensorFlow's LazyAdam,
 * which bias-corrects with the global step: there a row first touched late starts with a step about
 * {@code (1 − β1)/√(1 − β2) ≈ 3.2} times the learning rate; with per-row counts every row's first
 * step has magnitude about the learning rate, as for a fresh parameter. When every row is touched at
 * every step the two coincide with dense Adam (a unit test checks this against DJL's optimiser).
 * Weight decay: L2 ({@code g += wd·w}) or decoupled ({@code w −= lr·wd·w}, AdamW), applied to touched
 * rows only (lazily).
 *
 * <p>Use inside a {@link BatchSource#loss}: call {@link #gather} (once or several times) with the
 * batch's manager, build the loss from the returned arrays; register the table with
 * {@link Weights#addSparse} so the {@link TrainingLoop} calls {@link #step} after the backward pass
 * with the scheduled learning rate, and snapshots/restores it with the dense weights.
 * Not thread-safe; the table array is exposed ({@link #table()}) for export without copying.
 */
public final class SparseEmbedding {
    private final String name;
    private final int rows;
    private final int dim;
    private final float[] table;
    private final float[] m;
    private final float[] v;
    private final int[] steps;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final boolean decoupled;
    /** Gathers of the current batch awaiting their gradients. */
    private final List<Gathered> pending = new ArrayList<>();
    /** row → slot in the merged gradient of a step, -1 when untouched (kept all -1 between steps). */
    private final int[] slotOf;

    /** A gather ({@code offsets == null}: row k of {@code rows} is table row ids[k]) or a bag. */
    private record Gathered(int[] ids, NDArray rows, int[] offsets, float[] values) {
    }

    /** Adam on every row at every step (untouched rows with gradient 0), as a dense optimiser does. */
    private final boolean everyRow;

    /**
     * @param name        for error messages and snapshots
     * @param values      initial values, rows × dim row-major (kept, not copied: the table trains in place)
     * @param weightDecay {@code >= 0}; L2 added to the gradient, or decoupled when {@code decoupled}
     */
    public SparseEmbedding(String name, int rows, int dim, float[] values, float weightDecay, boolean decoupled) {
        this(name, rows, dim, values, 0.9f, 0.999f, 1e-8f, weightDecay, decoupled);
    }

    public SparseEmbedding(String name, int rows, int dim, float[] values, float beta1, float beta2, float epsilon,
                           float weightDecay, boolean decoupled) {
        this(name, rows, dim, values, beta1, beta2, epsilon, weightDecay, decoupled, false);
    }

    /**
     * @param everyRow when true every row takes an Adam step at every {@link #step} (rows the batch
     *                 did not touch with gradient 0), exactly like DJL's dense Adam on the whole table:
     *                 for tables whose forward pass is cheaper in Java ({@link #bag}) but whose
     *                 optimiser must stay the dense one (Mult-VAE's first layer)
     */
    public SparseEmbedding(String name, int rows, int dim, float[] values, float beta1, float beta2, float epsilon,
                           float weightDecay, boolean decoupled, boolean everyRow) {
        if (rows < 1 || dim < 1 || values.length != (long) rows * dim) {
            throw new IllegalArgumentException("sparse embedding '" + name + "': " + rows + " rows × " + dim
                    + " dims needs " + (long) rows * dim + " values, got " + values.length);
        }
        if (!(weightDecay >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("sparse embedding '" + name + "': bad Adam settings beta1 " + beta1
                    + ", beta2 " + beta2 + ", epsilon " + epsilon + ", weight decay " + weightDecay);
        }
        this.name = name;
        this.rows = rows;
        this.dim = dim;
        this.table = values;
        this.m = new float[values.length];
        this.v = new float[values.length];
        this.steps = new int[rows];
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.slotOf = new int[rows];
        Arrays.fill(slotOf, -1);
        this.everyRow = everyRow;
    }

    /** A table initialised from N(0, std²), seeded. */
    public static SparseEmbedding gaussian(String name, int rows, int dim, double std, SplittableRandom rng,
                                           float weightDecay, boolean decoupled) {
        float[] values = new float[Math.multiplyExact(rows, dim)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * rng.nextGaussian());
        }
        return new SparseEmbedding(name, rows, dim, values, weightDecay, decoupled);
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    /** The live table (rows × dim, row-major). Do not modify while training. */
    public float[] table() {
        return table;
    }

    /** Number of updates row {@code r} has received (its Adam step count). */
    public int steps(int r) {
        return steps[r];
    }

    /**
     * Copies rows {@code ids} (distinct, each in {@code [0, rows)}) into a new {@code ids.length × dim}
     * array of {@code manager} that records gradients; its gradient is applied to those rows by the
     * next {@link #step}. Use {@link Unique} to turn a batch's ids into distinct rows and local indexes.
     */
    public NDArray gather(NDManager manager, int[] ids) {
        float[] buf = new float[ids.length * dim];
        for (int k = 0; k < ids.length; k++) {
            int r = ids[k];
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException("sparse embedding '" + name + "': row " + r + " not in [0, " + rows
                        + ")");
            }
            System.arraycopy(table, r * dim, buf, k * dim, dim);
        }
        NDArray a = manager.create(buf, new Shape(ids.length, dim));
        a.setRequiresGradient(true);
        pending.add(new Gathered(ids.clone(), a, null, null));
        return a;
    }

    /**
     * Weighted sums of rows, computed in Java: bag {@code b} is {@code Σ values[j] · row(ids[j])} over
     * {@code j ∈ [offsets[b], offsets[b+1])}, returned as a new {@code bags × dim} array of
     * {@code manager} that records gradients; the next {@link #step} sends {@code values[j]} times
     * bag {@code b}'s gradient to row {@code ids[j]}. This is a sparse matrix times the table
     * ({@code X · W} with X's nonzeros given row by row) at O(nonzeros · dim) instead of
     * O(bags · rows · dim): Mult-VAE's first layer on a batch of histories.
     *
     * @param offsets {@code bags + 1} non-decreasing entry offsets, starting at 0
     * @param ids     row of each entry, in {@code [0, rows)} (may repeat)
     */
    public NDArray bag(NDManager manager, int[] offsets, int[] ids, float[] values) {
        int bags = offsets.length - 1;
        int entries = offsets[bags];
        if (bags < 1 || offsets[0] != 0 || entries > ids.length || entries > values.length) {
            throw new IllegalArgumentException("sparse embedding '" + name + "': bag offsets must start at 0 and end within "
                    + ids.length + " ids, got " + bags + " bags ending at " + entries);
        }
        for (int j = 0; j < entries; j++) {
            if (ids[j] < 0 || ids[j] >= rows) {
                throw new IndexOutOfBoundsException("sparse embedding '" + name + "': row " + ids[j] + " not in [0, "
                        + rows + ")");
            }
        }
        float[] buf = new float[bags * dim];
        inParallel(dim, (long) entries * dim, (lo, hi) -> {
            for (int b = 0; b < bags; b++) {
                int out = b * dim;
                for (int j = offsets[b]; j < offsets[b + 1]; j++) {
                    float c = values[j];
                    int src = ids[j] * dim;
                    for (int d = lo; d < hi; d++) {
                        buf[out + d] += c * table[src + d];
                    }
                }
            }
        });
        NDArray a = manager.create(buf, new Shape(bags, dim));
        a.setRequiresGradient(true);
        pending.add(new Gathered(Arrays.copyOf(ids, entries), a, offsets.clone(), Arrays.copyOf(values, entries)));
        return a;
    }

    /**
     * Applies the gradients of this batch's gathers (summed per row when a row was gathered twice)
     * with learning rate {@code lr}, then forgets the gathers. Gathers that got no gradient (not part
     * of the loss) change nothing.
     */
    public void step(float lr) {
        if (pending.isEmpty()) {
            return;
        }
        if (everyRow) {
            float[] grad = pendingGradient();
            pending.clear();
            inParallel(rows, (long) rows * dim, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    update(r, grad, r * dim, lr);
                }
            });
            return;
        }
        // Merge the gathers' gradients into one per touched row.
        int[] touched = {0};
        int[] order = new int[countIds()];
        float[] grad = new float[order.length * dim];
        for (Gathered g : pending) {
            float[] gg = gradientOf(g.rows);
            if (gg == null) {
                continue;
            }
            // Sequential: the offset function assigns slots as rows are first seen.
            accumulate(g, gg, grad, r -> {
                int slot = slotOf[r];
                if (slot < 0) {
                    slot = touched[0]++;
                    slotOf[r] = slot;
                    order[slot] = r;
                }
                return slot * dim;
            }, 0, dim);
        }
        pending.clear();
        for (int s = 0; s < touched[0]; s++) {
            int r = order[s];
            slotOf[r] = -1;
            update(r, grad, s * dim, lr);
        }
    }

    /**
     * Adds columns {@code [lo, hi)} of a pending gather's or bag's gradient {@code gg} into
     * {@code grad}: row {@code r}'s share goes to {@code grad[offset(r) + lo .. offset(r) + hi)}.
     */
    private void accumulate(Gathered g, float[] gg, float[] grad, IntUnaryOperator offset, int lo, int hi) {
        if (g.offsets == null) {
            for (int k = 0; k < g.ids.length; k++) {
                int dst = offset.applyAsInt(g.ids[k]);
                int src = k * dim;
                for (int j = lo; j < hi; j++) {
                    grad[dst + j] += gg[src + j];
                }
            }
            return;
        }
        for (int b = 0; b + 1 < g.offsets.length; b++) {
            int src = b * dim;
            for (int k = g.offsets[b]; k < g.offsets[b + 1]; k++) {
                int dst = offset.applyAsInt(g.ids[k]);
                float c = g.values[k];
                for (int j = lo; j < hi; j++) {
                    grad[dst + j] += c * gg[src + j];
                }
            }
        }
    }

    /**
     * The merged gradient of the pending gathers as a dense rows × dim array, without applying or
     * forgetting them (the every-row step uses it; so do tests and gradient checks). Large gathers
     * and bags split their columns between threads: each column range is summed in the same order
     * by one thread, so the result does not depend on scheduling.
     */
    public float[] pendingGradient() {
        float[] out = new float[table.length];
        for (Gathered g : pending) {
            float[] gg = gradientOf(g.rows);
            if (gg != null) {
                inParallel(dim, (long) g.ids.length * dim, (lo, hi) -> accumulate(g, gg, out, r -> r * dim, lo, hi));
            }
        }
        return out;
    }

    /** Below this many multiply-adds a bag or a dense step runs on the calling thread alone. */
    private static final long PARALLEL_MIN_WORK = 1L << 20;

    /** A half-open index range's worth of work. */
    @FunctionalInterface
    private interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over {@code [0, size)} split into disjoint ranges on the common fork-join pool
     * when {@code work} is large enough (the PyTorch threads are idle during these Java sections), else
     * on this thread. Each index is handled by one task in a fixed order: results do not depend on
     * scheduling.
     */
    private static void inParallel(int size, long work, RangeTask task) {
        int parts = work < PARALLEL_MIN_WORK ? 1 : Math.min(size, Math.min(4, Runtime.getRuntime().availableProcessors()));
        if (parts <= 1) {
            task.run(0, size);
            return;
        }
        java.util.stream.IntStream.range(0, parts).parallel()
                .forEach(p -> task.run((int) ((long) size * p / parts), (int) ((long) size * (p + 1) / parts)));
    }

    private int countIds() {
        int n = 0;
        for (Gathered g : pending) {
            n += g.ids.length;
        }
        return n;
    }

    private static float[] gradientOf(NDArray rows) {
        if (!rows.hasGradient()) {
            return null;
        }
        try (NDArray g = rows.getGradient()) {
            return g.toFloatArray();
        }
    }

    /** One Adam step on row {@code r} with gradient {@code grad[off .. off+dim)}. */
    private void update(int r, float[] grad, int off, float lr) {
        int t = ++steps[r];
        double coef1 = 1 - Math.pow(beta1, t);
        double coef2 = 1 - Math.pow(beta2, t);
        float rate = (float) (lr * Math.sqrt(coef2) / coef1);
        int base = r * dim;
        for (int j = 0; j < dim; j++) {
            int i = base + j;
            float w = table[i];
            float g = grad[off + j];
            if (!decoupled) {
                g += weightDecay * w;
            }
            float mi = beta1 * m[i] + (1 - beta1) * g;
            float vi = beta2 * v[i] + (1 - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            if (decoupled) {
                w -= lr * weightDecay * w;
            }
            table[i] = w - rate * mi / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    /**
     * Looks up gathered rows by local index: the result has shape {@code shape × dim} and entry
     * {@code p} is row {@code local[p]} of {@code rows} (autograd flows back to {@code rows}, summing
     * over repeats). Local indexes must be in {@code [0, rows)}; map padding to any row and mask it.
     */
    public static NDArray lookup(NDArray rows, int[] local, long... shape) {
        NDManager m = rows.getManager();
        long[] ids = new long[local.length];
        for (int i = 0; i < local.length; i++) {
            ids[i] = Math.max(0, local[i]);
        }
        NDArray index = m.create(ids, new Shape(shape));
        return rows.getNDArrayInternal().embedding(index, rows, SparseFormat.DENSE).singletonOrThrow();
    }

    /** Drops gathers of a batch that will not be stepped (e.g. after an error). */
    public void discardPending() {
        pending.clear();
    }

    /**
     * Distinct ids of a batch and, for each original position, the index of its id among them: the
     * gathered rows are {@code distinct}, and position {@code p} reads row {@code local[p]} of them.
     * Ids are kept in first-seen order, so the same batch gives the same layout.
     *
     * @param distinct the distinct ids, first-seen order
     * @param local    same length as the input, indexes into {@code distinct}
     */
    public record Unique(int[] distinct, int[] local) {
        /**
         * @param ids     the batch's ids (any may repeat); negative ids are "padding" and map to
         *                {@code local = -1} (callers mask them)
         * @param scratch an int array of at least max(id)+1 entries, all -1 (left all -1 on return)
         */
        public static Unique of(int[] ids, int[] scratch) {
            int[] local = new int[ids.length];
            int[] distinct = new int[ids.length];
            int n = 0;
            for (int p = 0; p < ids.length; p++) {
                int id = ids[p];
                if (id < 0) {
                    local[p] = -1;
                    continue;
                }
                int s = scratch[id];
                if (s < 0) {
                    s = n;
                    scratch[id] = s;
                    distinct[n++] = id;
                }
                local[p] = s;
            }
            for (int k = 0; k < n; k++) {
                scratch[distinct[k]] = -1;
            }
            return new Unique(Arrays.copyOf(distinct, n), local);
        }
    }

    /** Copy of the table (for the loop's best-epoch snapshot). */
    float[] snapshot() {
        return table.clone();
    }

    /** Writes a {@link #snapshot()} back (optimiser state is kept, as for dense weights). */
    void restore(float[] values) {
        if (values.length != table.length) {
            throw new IllegalArgumentException("snapshot of '" + name + "' has " + values.length + " values, expected "
                    + table.length);
        }
        System.arraycopy(values, 0, table, 0, table.length);
    }
}
