package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.deep.DeepModels;
import ai.affinity.deep.hybrid.HybridModel;
import ai.affinity.deep.train.TrainingLoop;
import ai.affinity.deep.twotower.TwoTowerModel;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.split.ColdItems;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;

import java.util.Locale;

/**
 * Fits one model spec {@code REPS} times in this JVM on the MovieLens 100K cold-items split (20%,
 * seed 42; or on another data source given as a spec, e.g. {@code synthetic:small@42}; optional 4th
 * argument: threads, default 2) and prints, per fit, a checksum of every item vector and Recall@20 / NDCG@10: equal lines
 * mean reproducible fits. It found that {@code hybrid:text=minilm} fits differed run to run (twotower,
 * hybrid without text and hybrid with n-gram text did not) until {@code MKL_CBWR=COMPATIBLE} was set.
 * It then found fits that differed with garbage-collection timing (bit-identical under
 * {@code -XX:+UseEpsilonGC}; affinity-bench/results/hybrid-reproducibility-gc.json), which led to the
 * freed-constant bug fixed by {@code ai.affinity.deep.train.Scalars}.
 *
 * <pre>
 * [MKL_CBWR=COMPATIBLE] java -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.HybridReproducibilityProbe \
 *     /work/shared/data/ml-100k 'hybrid:text=minilm,image=none,audio=none,epochs=1' 2
 * </pre>
 * {@code -Daffinity.probe.gc=true} runs a garbage collection between every batch's forward and backward
 * pass: the checksums must not change (before the fix in {@code ai.affinity.deep.train.Scalars} such a
 * collection freed the loss's scalar divisors and the fit went to NaN).
 */
public final class HybridReproducibilityProbe {
    private HybridReproducibilityProbe() {
    }

    public static void main(String[] args) throws Exception {
        DeepModels.register();
        String dir = args[0];
        String spec = args[1];
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        // A data source spec ("synthetic:small@42") or the ml-100k directory.
        Dataset ml = DataSources.load(dir.contains(":") ? dir : "ml-100k:" + dir, LoadOptions.defaults());
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Split split = new ColdItems(0.2).split(ml.interactions(), 42);
        boolean gcStress = Boolean.getBoolean("affinity.probe.gc");
        if (gcStress) {
            // A collection between every forward and backward pass: fits must not change (they did before
            // the graph's scalar constants were made PyTorch-owned, see ai.affinity.deep.train.Scalars).
            TrainingLoop.beforeBackward(() -> {
                System.gc();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (int rep = 0; rep < reps; rep++) {
            Algorithm<?> alg = AlgorithmRegistry.create(spec);
            long t0 = System.nanoTime();
            Model m = alg.fit(new TrainingData(split.train(), ml.items(), ml.users(), null),
                    new FitContext(42, threads, Progress.silent()));
            double fit = (System.nanoTime() - t0) / 1e9;
            TwoTowerModel t = m instanceof HybridModel h ? h.tower() : (TwoTowerModel) m;
            double checksum = 0;
            for (int i = 0; i < m.numItems(); i++) {
                float[] w = t.itemVector(i);
                for (int j = 0; j < w.length; j++) {
                    checksum += w[j] * (j + 1) * (i % 7 + 1);
                }
            }
            ModelResult r = new Evaluator(new Evaluator.Options(new int[] {10, 20}, 0, threads, 42, 50))
                    .evaluate("probe", alg.params(), fit, m, split, ml.items(), ml.users(), Progress.silent());
            System.out.printf(Locale.ROOT, "%s%s MKL_CBWR=%s fit %.1fs checksum %.9e recall@20 %.4f ndcg@10 %.4f%n", spec,
                    gcStress ? " gc-stress" : "", System.getenv("MKL_CBWR"), fit, checksum, r.metrics().get("recall@20").mean(),
                    r.metrics().get("ndcg@10").mean());
        }
    }
}
