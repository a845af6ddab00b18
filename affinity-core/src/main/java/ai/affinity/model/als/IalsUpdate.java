package ai.affinity.model.als;

import ai.affinity.data.Interactions;
import ai.affinity.model.FitContext;
import ai.affinity.model.IncrementalAlgorithm;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The warm-started incremental update of an iALS model ({@link Ials#update}): the classic "re-solve
 * the touched rows" online step of alternating least squares (as in the incremental updates of
 * Rendle and Schmidt-Thieme, RecSys 2008, and He et al., SIGIR 2016, here with iALS's exact row solves).
 *
 * <p>Starting from the previous factors (rows copied through the delta's index maps; new rows zero), it
 * runs one restricted alternating pass: the changed users are re-solved exactly given the item factors,
 * then the changed items given the user factors, then the changed users once more so that they see the
 * updated (and new) items. Each solve is the exact least-squares row of the full iALS objective on all
 * of the row's events, old and new ({@link IalsModel#exactSolve}); the Gram matrices are recomputed over
 * every row. Rows without new events keep their previous vectors, so the result approximates a full
 * fit; the server refits in full periodically. Cost: {@code O((|users|+|items|)·f² + Σ_changed rows
 * (n_r·f² + f³))}, independent of the number of iterations a full fit needs.
 *
 * <p>Deterministic: rows are independent and every Gram sum runs in row order, whatever the thread count.
 */
final class IalsUpdate {
    private IalsUpdate() {
    }

    static IalsModel update(Ials params, IalsModel prev, Interactions train, IncrementalAlgorithm.Delta delta,
                            FitContext ctx) {
        int f = params.factors();
        if (prev.factors() != f) {
            throw new IllegalArgumentException("cannot update an ials model of " + prev.factors() + " factors with "
                    + f + " factors");
        }
        delta.check(train.numUsers(), train.numItems(), prev.numUsers(), prev.numItems());
        float[][] x = copyRows(prev.userRows(), delta.previousUser(), train.numUsers(), f);
        float[][] y = copyRows(prev.itemRows(), delta.previousItem(), train.numItems(), f);
        IalsTrainer.Rows byUser = IalsTrainer.userRows(train, params);
        IalsTrainer.Rows byItem = IalsTrainer.itemRows(train, params);
        solveRows(params, byUser, y, x, delta.changedUsers(), ctx.threads());
        solveRows(params, byItem, x, y, delta.changedItems(), ctx.threads());
        solveRows(params, byUser, y, x, delta.changedUsers(), ctx.threads());
        return new IalsModel(params, x, y, DenseMath.flatten(gram(y, f)));
    }

    private static float[][] copyRows(float[][] previous, int[] map, int n, int f) {
        float[][] out = new float[n][];
        for (int r = 0; r < n; r++) {
            int p = map[r];
            out[r] = p >= 0 ? previous[p].clone() : new float[f];
        }
        return out;
    }

    /** Exactly re-solves rows {@code which} of {@code target} given {@code fixed}. */
    private static void solveRows(Ials params, IalsTrainer.Rows rows, float[][] fixed, float[][] target, int[] which,
                                  int threads) {
        if (which.length == 0) {
            return;
        }
        int f = params.factors();
        double[] g = DenseMath.flatten(gram(fixed, f));
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            double[] a = new double[f * f];
            double[] b = new double[f];
            int j;
            while ((j = next.getAndIncrement()) < which.length) {
                int r = which[j];
                int from = rows.indptr()[r];
                int to = rows.indptr()[r + 1];
                float[] out = target[r];
                if (from == to) {
                    Arrays.fill(out, 0f);
                    continue;
                }
                double lambda = params.scaleLambda() ? params.lambda() * (to - from) : params.lambda();
                IalsModel.exactSolve(g, lambda, fixed, rows.cols(), rows.conf(), from, to, f, a, b);
                for (int k = 0; k < f; k++) {
                    out[k] = (float) b[k];
                }
            }
        };
        int workers = Math.max(1, Math.min(threads, which.length / 64));
        Thread[] ts = new Thread[workers - 1];
        for (int w = 0; w < ts.length; w++) {
            ts[w] = new Thread(work, "affinity-ials-update");
            ts[w].setDaemon(true);
            ts[w].start();
        }
        work.run();
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("ials update interrupted", e);
            }
        }
    }

    private static double[][] gram(float[][] factors, int f) {
        double[][] g = new double[f][f];
        DenseMath.addGram(factors, 0, factors.length, g, new double[f]);
        DenseMath.symmetrize(g);
        return g;
    }
}
