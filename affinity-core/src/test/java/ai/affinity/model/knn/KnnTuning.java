package ai.affinity.model.knn;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.split.Validation;
import ai.affinity.util.Progress;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Not a unit test: the tuning runs behind the defaults. Evaluates model specs on the validation
 * carve-out (25%, seed 42) of ml-100k's random 25% holdout (seed 42), or on the test part with
 * {@code --test}:
 * <pre>
 * java -cp affinity-core/target/classes:affinity-core/target/test-classes:$(cat cp.txt) \
 *     ai.affinity.model.knn.KnnTuning /work/shared/data/ml-100k "itemknn:neighbors=100" ...
 * </pre>
 */
public final class KnnTuning {
    private KnnTuning() {
    }

    public static void main(String[] args) throws Exception {
        Dataset data = DataSources.load("ml-100k:" + Path.of(args[0]), LoadOptions.defaults());
        Split split = RandomHoldout.split(data.interactions(), 0.25, 42);
        int first = 1;
        boolean test = args.length > 1 && args[1].equals("--test");
        if (test) {
            first = 2;
        } else {
            split = Validation.carve(split, 0.25, 42);
        }
        Evaluator ev = new Evaluator(new Evaluator.Options(new int[] {10}, 0, 2, 42, 1));
        TrainingData td = new TrainingData(split.train(), data.items(), data.users(), null);
        for (int a = first; a < args.length; a++) {
            Algorithm<?> alg = AlgorithmRegistry.create(args[a]);
            long t0 = System.nanoTime();
            Model m = alg.fit(td, new FitContext(42, 2, Progress.silent()));
            double fit = (System.nanoTime() - t0) / 1e9;
            ModelResult r = ev.evaluate(alg.name(), alg.params(), fit, m, split, null, null, Progress.silent());
            System.out.printf(Locale.ROOT, "%s %.4f fit=%.2fs %s%n", test ? "TEST" : "VAL", r.metrics().get("ndcg@10").mean(),
                    fit, args[a]);
        }
    }
}
