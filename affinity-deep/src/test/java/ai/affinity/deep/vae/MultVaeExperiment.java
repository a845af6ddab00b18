package ai.affinity.deep.vae;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.split.Validation;
import ai.affinity.util.Progress;

import java.util.LinkedHashMap;
import java.util.Map;

/** Scratch: java ... MultVaeExperiment valid|test key=value ... */
public final class MultVaeExperiment {
    public static void main(String[] args) throws Exception {
        Dataset data = DataSources.load("ml-100k:/work/shared/data/ml-100k", LoadOptions.defaults());
        Split split = RandomHoldout.split(data.interactions(), 0.25, 42);
        boolean valid = args[0].startsWith("valid");
        Split s = valid ? Validation.carve(split, 0.25, 42) : split;
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=");
            p.put(kv[0], kv[1]);
        }
        MultVae vae = MultVae.fromParams(p);
        long t0 = System.nanoTime();
        // Validation inside training = the evaluated split's test (for curves only when 'curve' mode).
        TrainingData td = args[0].equals("validcurve") ? new TrainingData(s.train(), null, null, s.test())
                : TrainingData.of(s.train());
        MultVae.Fit fit = vae.fitWithResult(td, new FitContext(42, Integer.getInteger("threads", 2), Progress.silent()));
        double fitS = (System.nanoTime() - t0) / 1e9;
        TrainingResult tr = fit.training();
        tr.epochs().forEach(e -> {
            if (e.epoch() % 10 == 0 || e.epoch() <= 5) {
                System.out.printf("epoch %d loss %.2f ndcg %.4f %.2fs%n", e.epoch(), e.meanLoss(), e.validationNdcg(), e.seconds());
            }
        });
        ModelResult r = new Evaluator(new Evaluator.Options(new int[] {10}, 0, 2, 42, 1))
                .evaluate("multvae", vae.params(), fitS, fit.model(), s, null, null, Progress.silent());
        System.out.printf("%s %s ndcg@10 %.4f fit %.1fs (%.3fs/epoch) best epoch %d%n", args[0], p,
                r.metrics().get("ndcg@10").mean(), fitS, tr.meanEpochSeconds(), tr.bestEpoch());
    }
}
