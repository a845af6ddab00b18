package ai.affinity.model.mf;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.UserQuery;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.split.Validation;
import ai.affinity.util.Progress;

import java.util.Locale;
import java.util.Map;

/**
 * The search behind {@link Bpr}'s defaults (not a unit test): fits each spec given on the command
 * line on the ml-100k validation carve-out ({@code RandomHoldout 0.25 seed 42}, then
 * {@code Validation.carve(split, 0.25, 42)}) and prints validation NDCG@10, with stored user
 * factors and, with {@code --foldin}, with every user folded in from their history instead.
 * {@code --test} evaluates on the real test split instead (only to check the floor, never to tune).
 *
 * <pre>
 * java -cp ... ai.affinity.model.mf.BprValidationSearch /work/shared/data/ml-100k [--threads 2] [--foldin] [--test] \
 *     "bpr:factors=64,lr=0.05" "bpr:factors=128" ...
 * </pre>
 */
public final class BprValidationSearch {
    private BprValidationSearch() {
    }

    public static void main(String[] args) throws Exception {
        Dataset data = DataSources.load("ml-100k:" + args[0], LoadOptions.defaults());
        Split split = RandomHoldout.split(data.interactions(), 0.25, 42);
        int threads = 2;
        boolean foldIn = false;
        boolean test = false;
        for (int a = 1; a < args.length; a++) {
            switch (args[a]) {
                case "--threads" -> threads = Integer.parseInt(args[++a]);
                case "--foldin" -> foldIn = true;
                case "--test" -> test = true;
                default -> {
                    Split target = test ? split : Validation.carve(split, 0.25, 42);
                    if (!args[a].startsWith("bpr")) {
                        Model other = AlgorithmRegistry.create(args[a]).fit(
                                new ai.affinity.model.TrainingData(target.train(), null, null, null),
                                new FitContext(42, threads, Progress.silent()));
                        ModelResult r = new Evaluator(new Evaluator.Options(new int[] {10}, 0, threads, 42, 50))
                                .evaluate(args[a], Map.of(), 0, other, target, null, null, Progress.silent());
                        System.out.printf(Locale.ROOT, "%s %s ndcg@10=%.4f%n", test ? "TEST" : "VAL", args[a],
                                r.metrics().get("ndcg@10").mean());
                        continue;
                    }
                    Bpr algo = (Bpr) AlgorithmRegistry.create(args[a]);
                    long t0 = System.nanoTime();
                    BprTrainer t = BprTrainer.train(algo, target.train(), new FitContext(42, threads, Progress.silent()));
                    Model m = t.toModel(42);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    Evaluator ev = new Evaluator(new Evaluator.Options(new int[] {10}, 0, threads, 42, 50));
                    ModelResult r = ev.evaluate("bpr", Map.of(), 0, m, target, null, null, Progress.silent());
                    String line = String.format(Locale.ROOT, "%s %s ndcg@10=%.4f auc[last]=%.4f fit=%.1fs", test ? "TEST" : "VAL",
                            args[a], r.metrics().get("ndcg@10").mean(), t.epochAuc[t.epochAuc.length - 1], secs);
                    if (foldIn) {
                        Model anon = new Model() {
                            @Override
                            public int numItems() {
                                return m.numItems();
                            }

                            @Override
                            public void score(UserQuery q, float[] out) {
                                m.score(new UserQuery(-1, q.history(), q.features()), out);
                            }
                        };
                        ModelResult rf = ev.evaluate("bpr-foldin", Map.of(), 0, anon, target, null, null, Progress.silent());
                        line += String.format(Locale.ROOT, " foldin-ndcg@10=%.4f", rf.metrics().get("ndcg@10").mean());
                    }
                    System.out.println(line);
                }
            }
        }
    }
}
