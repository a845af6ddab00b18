package ai.affinity.deep.seq;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.split.Validation;
import ai.affinity.util.Progress;

/**
 * The reproduction of SASRec's divergence on synthetic:tiny ({@code affinity tune --data synthetic:tiny
 * --model sasrec}: NaN loss at epoch 18): fits the defaults on the tuner's validation carve-out
 * (random 20% holdout, then 25% of training, seed 42; no early stopping) and prints every epoch's
 * loss. Arguments: intra-op threads (default 2) and optionally the dropout. Run with the
 * affinity-deep test classpath (see {@code MultVaeBenchmark}); add
 * {@code -Daffinity.sasrec.parallel=true} to really train on the threads asked for (otherwise
 * {@link SasRecTrainer#intraOpThreads} uses one).
 */
public final class SasRecStabilityCheck {
    private SasRecStabilityCheck() {
    }

    public static void main(String[] a) throws Exception {
        Dataset d = DataSources.load("synthetic:tiny", LoadOptions.defaults());
        Split s = RandomHoldout.split(d.interactions(), 0.2, 42);
        Split v = Validation.carve(s, 0.25, 42);
        TrainingData td = new TrainingData(v.train(), d.items(), d.users(), null);
        int threads = Integer.parseInt(a.length > 0 ? a[0] : "2");
        SasRec cfg = a.length > 1 ? SasRec.fromParams(java.util.Map.of("dropout", a[1])) : SasRec.defaults();
        cfg.fit(td, new FitContext(42, threads, Progress.silent()), e -> System.err.println("epoch " + e.epoch() + " loss " + e.meanLoss()));
    }
}
