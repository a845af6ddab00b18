package ai.affinity.model.als;

import ai.affinity.data.Interactions;
import ai.affinity.model.FitContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training state of one {@link Ials} fit: both factor matrices, the user- and item-major event
 * layouts with precomputed confidences, and a thread pool. Rows of a half-iteration are independent
 * and each row is computed sequentially, and Gram matrices are summed over fixed row chunks in a
 * fixed order, so the result does not depend on the number of threads. Not thread-safe itself.
 */
final class IalsTrainer {
    /** Rows per work unit: small enough to balance threads, large enough to amortise the hand-off. */
    private static final int ROW_CHUNK = 256;
    /** Rows per partial Gram matrix; fixed so that the summation order never depends on threads. */
    private static final int GRAM_CHUNK = 4096;

    private final Ials params;
    private final FitContext ctx;
    private final int f;
    private final int numUsers;
    private final int numItems;
    final Rows byUser;
    final Rows byItem;
    /** One array per row: loops over a row start at index 0, which the JIT vectorises. */
    final float[][] userFactors;
    final float[][] itemFactors;

    /** One side's events in CSR form: row → (columns, confidences). */
    record Rows(int count, int[] indptr, int[] cols, float[] conf) {
    }

    IalsTrainer(Ials params, Interactions train, FitContext ctx) {
        this.params = params;
        this.ctx = ctx;
        this.f = params.factors();
        this.numUsers = train.numUsers();
        this.numItems = train.numItems();
        this.byUser = userRows(train, params);
        this.byItem = itemRows(train, params);
        this.userFactors = new float[numUsers][f];
        this.itemFactors = new float[numItems][f];
        SplittableRandom rng = new SplittableRandom(ctx.seed());
        for (float[][] side : new float[][][] {userFactors, itemFactors}) {
            for (float[] row : side) {
                for (int k = 0; k < f; k++) {
                    row[k] = (float) (rng.nextGaussian() * params.initStd());
                }
            }
        }
    }

    IalsModel train() {
        ExecutorService pool = pool();
        try {
            ctx.progress().start("ials", params.iterations());
            for (int it = 0; it < params.iterations(); it++) {
                iterate(pool);
                ctx.progress().advance(1);
            }
            ctx.progress().finish();
            return model(pool);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The model of the current state (shares the factor arrays: call once, at the end). */
    IalsModel model(ExecutorService pool) {
        return new IalsModel(params, userFactors, itemFactors, DenseMath.flatten(gram(itemFactors, pool)));
    }

    /** Re-solves the user rows only (given the current item factors). */
    void solveUsers(ExecutorService pool) {
        solveSide(byUser, itemFactors, userFactors, pool);
    }

    /** One alternating pass: users given items, then items given users. */
    void iterate(ExecutorService pool) {
        solveSide(byUser, itemFactors, userFactors, pool);
        solveSide(byItem, userFactors, itemFactors, pool);
    }

    ExecutorService pool() {
        return Executors.newFixedThreadPool(ctx.threads(), r -> {
            Thread t = new Thread(r, "affinity-ials");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The objective {@code Σ_{u,i} c_ui (p_ui - x_uᵀy_i)² + λ(Σ w_u|x_u|² + Σ w_i|y_i|²)}, computed
     * without visiting all pairs: {@code Σ_u x_uᵀ(YᵀY)x_u} covers every pair as if {@code p = 0, c = 1},
     * and each event corrects its own term.
     */
    double loss() {
        double[][] g = gram(itemFactors, null);
        double total = 0;
        for (int u = 0; u < numUsers; u++) {
            float[] x = userFactors[u];
            for (int a = 0; a < f; a++) {
                double s = 0;
                for (int b = 0; b < f; b++) {
                    s += g[a][b] * x[b];
                }
                total += x[a] * s;
            }
            for (int e = byUser.indptr[u]; e < byUser.indptr[u + 1]; e++) {
                double s = 0;
                float[] y = itemFactors[byUser.cols[e]];
                for (int k = 0; k < f; k++) {
                    s += (double) x[k] * y[k];
                }
                double c = byUser.conf[e];
                total += c * (1 - s) * (1 - s) - s * s;
            }
        }
        return total + regularisation(byUser, userFactors) + regularisation(byItem, itemFactors);
    }

    private double regularisation(Rows rows, float[][] factors) {
        double sum = 0;
        for (int r = 0; r < rows.count; r++) {
            double sq = 0;
            for (int k = 0; k < f; k++) {
                double v = factors[r][k];
                sq += v * v;
            }
            sum += rowLambda(rows, r) * sq;
        }
        return sum;
    }

    private double rowLambda(Rows rows, int r) {
        int n = rows.indptr[r + 1] - rows.indptr[r];
        return params.scaleLambda() ? params.lambda() * n : params.lambda();
    }

    /** Re-solves every row of {@code target} given the fixed side's {@code fixed} factors. */
    private void solveSide(Rows rows, float[][] fixed, float[][] target, ExecutorService pool) {
        double[][] g2 = gram(fixed, pool);
        double[] g = DenseMath.flatten(g2);
        float[][] gf = new float[f][f];
        for (int a = 0; a < f; a++) {
            for (int b = 0; b < f; b++) {
                gf[a][b] = (float) g2[a][b];
            }
        }
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(ctx.threads(), Math.max(1, (rows.count + ROW_CHUNK - 1) / ROW_CHUNK));
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                RowSolver solver = new RowSolver(g, gf);
                int start;
                while ((start = next.getAndAdd(ROW_CHUNK)) < rows.count) {
                    int end = Math.min(rows.count, start + ROW_CHUNK);
                    for (int r = start; r < end; r++) {
                        solver.solve(rows, r, fixed, target);
                    }
                }
            }));
        }
        await(futures);
    }

    /** {@code FᵀF} over all rows, summed over fixed chunks in order; {@code pool} may be null. */
    double[][] gram(float[][] factors, ExecutorService pool) {
        int n = factors.length;
        int chunks = Math.max(1, (n + GRAM_CHUNK - 1) / GRAM_CHUNK);
        double[][][] partial = new double[chunks][][];
        if (pool == null || chunks == 1 || ctx.threads() == 1) {
            double[] row = new double[f];
            for (int c = 0; c < chunks; c++) {
                partial[c] = new double[f][f];
                DenseMath.addGram(factors, c * GRAM_CHUNK, Math.min(n, (c + 1) * GRAM_CHUNK), partial[c], row);
            }
        } else {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < Math.min(ctx.threads(), chunks); w++) {
                futures.add(pool.submit(() -> {
                    double[] row = new double[f];
                    int c;
                    while ((c = next.getAndIncrement()) < chunks) {
                        double[][] m = new double[f][f];
                        DenseMath.addGram(factors, c * GRAM_CHUNK, Math.min(n, (c + 1) * GRAM_CHUNK), m, row);
                        partial[c] = m;
                    }
                }));
            }
            await(futures);
        }
        double[][] g = partial[0];
        for (int c = 1; c < chunks; c++) {
            for (int a = 0; a < f; a++) {
                double[] ga = g[a];
                double[] ma = partial[c][a];
                for (int b = 0; b < f; b++) {
                    ga[b] += ma[b];
                }
            }
        }
        DenseMath.symmetrize(g);
        return g;
    }

    private static void await(List<Future<?>> futures) {
        try {
            for (Future<?> fu : futures) {
                fu.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ials training interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("ials training failed: " + cause, cause);
        }
    }

    /** Per-thread scratch and the solve of one row. */
    private final class RowSolver {
        private final double[] gram;
        private final float[][] gramF;
        private final DenseMath.CgScratch cg = new DenseMath.CgScratch(f);
        private final double[] a;
        private final double[] b;

        RowSolver(double[] gram, float[][] gramF) {
            this.gram = gram;
            this.gramF = gramF;
            boolean exact = params.solver() == Ials.Solver.CHOLESKY;
            this.a = exact ? new double[f * f] : null;
            this.b = exact ? new double[f] : null;
        }

        void solve(Rows rows, int row, float[][] fixed, float[][] target) {
            int from = rows.indptr[row];
            int to = rows.indptr[row + 1];
            float[] x = target[row];
            if (from == to) {
                // No events: the minimiser of λ|x|² + xᵀ(YᵀY)x is exactly 0.
                Arrays.fill(x, 0f);
                return;
            }
            double lambda = rowLambda(rows, row);
            if (params.solver() == Ials.Solver.CG) {
                DenseMath.conjugateGradient(gramF, (float) lambda, fixed, rows.cols, rows.conf, from, to, x,
                        params.cgSteps(), cg);
            } else {
                IalsModel.exactSolve(gram, lambda, fixed, rows.cols, rows.conf, from, to, f, a, b);
                for (int k = 0; k < f; k++) {
                    x[k] = (float) b[k];
                }
            }
        }
    }

    static Rows userRows(Interactions train, Ials params) {
        int n = train.numEvents();
        int[] indptr = new int[train.numUsers() + 1];
        int[] cols = new int[n];
        float[] conf = new float[n];
        for (int u = 0; u < train.numUsers(); u++) {
            indptr[u + 1] = train.end(u);
            for (int e = train.start(u); e < train.end(u); e++) {
                cols[e] = train.item(e);
                conf[e] = params.confidenceOf(train.value(e));
            }
        }
        return new Rows(train.numUsers(), indptr, cols, conf);
    }

    static Rows itemRows(Interactions train, Ials params) {
        Interactions.ItemView view = train.byItem();
        int n = train.numEvents();
        int[] indptr = new int[train.numItems() + 1];
        int[] cols = new int[n];
        float[] conf = new float[n];
        int w = 0;
        for (int i = 0; i < train.numItems(); i++) {
            for (int e = view.start(i); e < view.end(i); e++) {
                cols[w] = view.user(e);
                conf[w] = params.confidenceOf(view.value(e));
                w++;
            }
            indptr[i + 1] = w;
        }
        return new Rows(train.numItems(), indptr, cols, conf);
    }
}
