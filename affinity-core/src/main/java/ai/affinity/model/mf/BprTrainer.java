package ai.affinity.model.mf;

import ai.affinity.data.Interactions;
import ai.affinity.model.FitContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SGD loop of {@link Bpr}: Hogwild over shared row-major arrays. Package-private; the public
 * face is {@link Bpr#fit}.
 */
final class BprTrainer {
    /** Redraws of a negative that turned out to be a positive before the triple is skipped. */
    static final int MAX_NEGATIVE_DRAWS = 16;
    /** Users a worker claims at a time in {@code sampling=users}. */
    private static final int USER_BLOCK = 64;

    private final Bpr cfg;
    private final int k;
    private final int numItems;
    /** Per-user item indexes sorted ascending (CSR, same row pointers as the training matrix). */
    private final int[] rowPtr;
    private final int[] sortedItems;
    /**
     * Owner of each position of {@link #sortedItems}: drawing a position draws an event uniformly
     * ({@code sampling=events} only, else null).
     */
    private final int[] eventUser;
    /** Users with at least one event, shuffled each epoch ({@code sampling=users}). */
    private final int[] activeUsers;
    private final AliasSampler popularity;
    final float[] userFactors;
    final float[] itemFactors;
    final float[] itemBias;
    /** Share of drawn triples already ranked right (x_uij > 0) per epoch: a training AUC estimate. */
    final double[] epochAuc;

    private BprTrainer(Bpr cfg, Interactions x, long seed) {
        this.cfg = cfg;
        this.k = cfg.factors();
        this.numItems = x.numItems();
        int numUsers = x.numUsers();
        int nnz = x.numEvents();
        rowPtr = new int[numUsers + 1];
        sortedItems = new int[nnz];
        boolean byEvent = cfg.sampling() == Bpr.Sampling.EVENTS;
        eventUser = byEvent ? new int[nnz] : null;
        int active = 0;
        for (int u = 0; u < numUsers; u++) {
            int s = x.start(u);
            int e = x.end(u);
            rowPtr[u + 1] = e;
            for (int p = s; p < e; p++) {
                sortedItems[p] = x.item(p);
                if (byEvent) {
                    eventUser[p] = u;
                }
            }
            Arrays.sort(sortedItems, s, e);
            if (e > s) {
                active++;
            }
        }
        activeUsers = new int[byEvent ? 0 : active];
        if (!byEvent) {
            int w = 0;
            for (int u = 0; u < numUsers; u++) {
                if (rowPtr[u + 1] > rowPtr[u]) {
                    activeUsers[w++] = u;
                }
            }
        }
        popularity = cfg.negatives() == Bpr.NegativeSampling.POPULARITY ? popularitySampler(x.itemCounts(), cfg.beta())
                : null;
        SplittableRandom init = new SplittableRandom(seed);
        userFactors = new float[Math.multiplyExact(numUsers, k)];
        itemFactors = new float[Math.multiplyExact(numItems, k)];
        itemBias = new float[numItems];
        // Users without training events keep zero rows: they are folded in from their history.
        for (int u = 0; u < numUsers; u++) {
            if (rowPtr[u + 1] > rowPtr[u]) {
                gaussian(init, userFactors, u * k, k, cfg.initStd());
            }
        }
        gaussian(init, itemFactors, 0, itemFactors.length, cfg.initStd());
        epochAuc = new double[cfg.epochs()];
    }

    /** Negative-sampling distribution ∝ max(count, 1)^beta. */
    static AliasSampler popularitySampler(int[] itemCounts, double beta) {
        double[] w = new double[itemCounts.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.pow(Math.max(itemCounts[i], 1), beta);
        }
        return AliasSampler.of(w);
    }

    static BprModel fit(Bpr cfg, Interactions x, FitContext ctx) {
        return train(cfg, x, ctx).toModel(ctx.seed());
    }

    /** The fitted model (shares this trainer's arrays: train no further afterwards). */
    BprModel toModel(long seed) {
        int numUsers = rowPtr.length - 1;
        int[] userEvents = new int[numUsers];
        for (int u = 0; u < numUsers; u++) {
            userEvents[u] = rowPtr[u + 1] - rowPtr[u];
        }
        return new BprModel(cfg, seed, numUsers, numItems, userFactors, itemFactors, itemBias, userEvents, popularity);
    }

    /** Runs the whole SGD; the trainer's arrays then hold the fitted parameters. */
    static BprTrainer train(Bpr cfg, Interactions x, FitContext ctx) {
        SplittableRandom root = new SplittableRandom(ctx.seed());
        BprTrainer t = new BprTrainer(cfg, x, root.nextLong());
        int nnz = x.numEvents();
        if (nnz == 0 || x.numItems() < 2) {
            return t;
        }
        int threads = Math.max(1, Math.min(ctx.threads(), nnz));
        SplittableRandom[] rngs = new SplittableRandom[threads];
        for (int w = 0; w < threads; w++) {
            rngs[w] = root.split();
        }
        SplittableRandom orderRng = root.split();
        AtomicInteger nextUser = new AtomicInteger();
        ctx.progress().start("bpr epochs", cfg.epochs());
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "bpr-sgd");
            th.setDaemon(true);
            return th;
        });
        try {
            for (int e = 0; e < cfg.epochs(); e++) {
                float lr = (float) cfg.learningRate(e, cfg.epochs(), cfg.warmupEpochs());
                long correct = 0;
                long drawn = 0;
                if (t.eventUser == null) {
                    shuffle(t.activeUsers, orderRng);
                    nextUser.set(0);
                }
                if (pool == null) {
                    long[] r = t.eventUser != null ? t.runEvents(rngs[0], nnz, lr) : t.runUsers(rngs[0], nextUser, lr);
                    correct = r[0];
                    drawn = r[1];
                } else {
                    List<Callable<long[]>> jobs = new ArrayList<>();
                    for (int w = 0; w < threads; w++) {
                        SplittableRandom rng = rngs[w];
                        int samples = nnz / threads + (w < nnz % threads ? 1 : 0);
                        jobs.add(() -> t.eventUser != null ? t.runEvents(rng, samples, lr) : t.runUsers(rng, nextUser, lr));
                    }
                    // invokeAll's completion gives the happens-before edge that publishes every
                    // thread's writes before the next epoch (and before the model is built).
                    for (Future<long[]> f : pool.invokeAll(jobs)) {
                        long[] r = f.get();
                        correct += r[0];
                        drawn += r[1];
                    }
                }
                t.epochAuc[e] = drawn == 0 ? 0 : (double) correct / drawn;
                ctx.progress().advance(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("BPR training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("BPR training failed: " + e.getCause(), e.getCause());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            ctx.progress().finish();
        }
        return t;
    }

    /**
     * {@code sampling=users}: claims blocks of the shuffled user order and gives each user as many
     * triples as they have events, one after another, positives drawn from their row. A user's
     * row, factors and item list stay in cache for the whole burst, and no two threads ever update
     * the same user. Returns {correct, used}.
     */
    private long[] runUsers(SplittableRandom rng, AtomicInteger next, float lr) {
        final float regU = (float) cfg.regUser();
        final float regI = (float) cfg.regItem();
        final float regB = (float) cfg.regBias();
        final float[] uf = userFactors;
        final float[] vf = itemFactors;
        final float[] b = itemBias;
        final int[] order = activeUsers;
        long correct = 0;
        long used = 0;
        int start;
        while ((start = next.getAndAdd(USER_BLOCK)) < order.length) {
            int end = Math.min(order.length, start + USER_BLOCK);
            for (int q = start; q < end; q++) {
                int u = order[q];
                int from = rowPtr[u];
                int to = rowPtr[u + 1];
                int n = to - from;
                int uo = u * k;
                for (int t = 0; t < n; t++) {
                    int i = sortedItems[from + rng.nextInt(n)];
                    int j = drawNegative(rng, from, to);
                    if (j < 0) {
                        continue;
                    }
                    float x = step(uf, uo, vf, i, j, b, k, lr, regU, regI, regB);
                    used++;
                    if (x > 0) {
                        correct++;
                    }
                }
            }
        }
        return new long[] {correct, used};
    }

    /** {@code sampling=events}: {@code samples} triples, each from an event drawn uniformly. Returns {correct, used}. */
    private long[] runEvents(SplittableRandom rng, int samples, float lr) {
        final int nnz = sortedItems.length;
        final float regU = (float) cfg.regUser();
        final float regI = (float) cfg.regItem();
        final float regB = (float) cfg.regBias();
        final float[] uf = userFactors;
        final float[] vf = itemFactors;
        final float[] b = itemBias;
        long correct = 0;
        long used = 0;
        for (int s = 0; s < samples; s++) {
            int p = rng.nextInt(nnz);
            int u = eventUser[p];
            int i = sortedItems[p];
            int j = drawNegative(rng, rowPtr[u], rowPtr[u + 1]);
            if (j < 0) {
                continue;
            }
            float x = step(uf, u * k, vf, i, j, b, k, lr, regU, regI, regB);
            used++;
            if (x > 0) {
                correct++;
            }
        }
        return new long[] {correct, used};
    }

    /** Fisher–Yates shuffle. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int p = a.length - 1; p > 0; p--) {
            int q = rng.nextInt(p + 1);
            int tmp = a[p];
            a[p] = a[q];
            a[q] = tmp;
        }
    }

    private int drawNegative(SplittableRandom rng, int from, int to) {
        for (int attempt = 0; attempt < MAX_NEGATIVE_DRAWS; attempt++) {
            int j = popularity == null ? rng.nextInt(numItems) : popularity.sample(rng);
            if (Arrays.binarySearch(sortedItems, from, to, j) < 0) {
                return j;
            }
        }
        return -1;
    }

    /**
     * One BPR gradient-ascent step on triple (u, i, j), in place. With {@code x = b_i − b_j +
     * p_u·(q_i − q_j)} and {@code z = σ(−x) = 1 − σ(x)} (the derivative of {@code ln σ(x)}):
     * <pre>
     *   p_u += lr (z (q_i − q_j) − regU p_u)
     *   q_i += lr (z p_u − regI q_i)        q_j += lr (−z p_u − regI q_j)
     *   b_i += lr (z − regB b_i)            b_j += lr (−z − regB b_j)
     * </pre>
     * all from the values before the step. Returns {@code x} before the step.
     */
    static float step(float[] userFactors, int uo, float[] itemFactors, int i, int j, float[] bias, int k,
                      float lr, float regU, float regI, float regB) {
        int io = i * k;
        int jo = j * k;
        float x = bias[i] - bias[j] + MfMath.dotDiff(userFactors, uo, itemFactors, io, jo, k);
        float z = MfMath.sigmoid(-x);
        for (int f = 0; f < k; f++) {
            float pu = userFactors[uo + f];
            float qi = itemFactors[io + f];
            float qj = itemFactors[jo + f];
            userFactors[uo + f] = pu + lr * (z * (qi - qj) - regU * pu);
            itemFactors[io + f] = qi + lr * (z * pu - regI * qi);
            itemFactors[jo + f] = qj + lr * (-z * pu - regI * qj);
        }
        bias[i] += lr * (z - regB * bias[i]);
        bias[j] += lr * (-z - regB * bias[j]);
        return x;
    }

    /**
     * One fold-in step: the user update of {@link #step} alone (item factors and biases fixed).
     * Returns {@code x} before the step.
     */
    static float userStep(float[] user, float[] itemFactors, int i, int j, float[] bias, int k, float lr, float regU) {
        int io = i * k;
        int jo = j * k;
        float x = bias[i] - bias[j] + MfMath.dotDiff(user, 0, itemFactors, io, jo, k);
        float z = MfMath.sigmoid(-x);
        for (int f = 0; f < k; f++) {
            float pu = user[f];
            user[f] = pu + lr * (z * (itemFactors[io + f] - itemFactors[jo + f]) - regU * pu);
        }
        return x;
    }

    private static void gaussian(SplittableRandom rng, float[] a, int from, int n, double std) {
        if (std == 0) {
            return;
        }
        for (int p = from; p < from + n; p++) {
            a[p] = (float) (gaussian(rng) * std);
        }
    }

    /** Standard normal by Box–Muller from one random source (no shared state, reproducible). */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble(); // in (0, 1], so the log is finite
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
