package ai.affinity.deep.ncf;

import ai.affinity.deep.train.EpochStats;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.Params;
import ai.affinity.model.TrainingData;
import ai.affinity.tune.SearchSpace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * NeuMF, neural collaborative filtering (He, Liao, Zhang, Nie, Hu, Chua, WWW 2017): a GMF branch
 * (element-wise product of user and item embeddings) and an MLP branch (concatenated user and item
 * embeddings through ReLU layers), fused by a final linear layer into one logit per (user, item).
 * Trained as in the paper on implicit feedback: every training event is a positive, each with
 * {@code negatives} sampled items the user has not interacted with as negatives, binary
 * cross-entropy, Adam, by the shared training loop (early stopping on validation NDCG@10 when the
 * training data has a validation carve-out). Negatives are drawn uniformly (the paper) or in
 * proportion to {@code count^0.75} (popularity, through core's alias table, as BPR does).
 *
 * <p>Pre-training ({@code pretrain=true}): GMF and MLP are first trained alone for {@code epochs}
 * each, then NeuMF starts from their embeddings and layers with the prediction layer
 * {@code [alpha·h_gmf, (1 − alpha)·h_mlp]} (alpha 0.5, the paper's) and trains for {@code epochs}
 * more. The paper continues with plain SGD; here Adam continues (the loop's optimiser), so a lower
 * learning rate after pre-training is worth tuning. {@code network=gmf} or {@code network=mlp}
 * trains one branch alone (the paper's GMF and MLP baselines).
 *
 * <p>The fitted {@link NeuMfModel} scores in pure Java from the exported weights; users unseen in
 * training are folded in from their history by fitting their user vectors with the network frozen
 * (see {@link NeuMfModel}). Same seed and thread count, same model.
 *
 * @param network   neumf (both branches), gmf or mlp; default neumf
 * @param factors   GMF embedding size (predictive factors); default 32
 * @param layers    MLP sizes, {@code [2d, o1, ..., oL]}: user and item MLP embeddings of size d
 *                  concatenated, then ReLU layers o1..oL; on the command line dash-separated,
 *                  {@code layers=64-32-16} (the default)
 * @param negatives sampled negatives per positive; default 4 (the paper's)
 * @param sampling  uniform or popularity; default uniform
 * @param epochs    passes over the positives (per stage when pre-training); default 20
 * @param batchSize positives per batch ({@code batch}); each brings its negatives; default 256
 * @param lr        Adam learning rate; default 0.001
 * @param weightDecay L2 weight decay added to Adam's gradients ({@code wd}); default 0
 * @param pretrain  pre-train GMF and MLP, then fuse; default false
 * @param alpha     weight of the GMF prediction vector when fusing pre-trained branches; default 0.5
 * @param initStd   standard deviation of the initial embeddings ({@code init_std}); default 0.01
 * @param patience  early-stopping patience in epochs when validation data is given; default 5
 */
public record NeuMf(String network, int factors, int[] layers, int negatives, String sampling, int epochs, int batchSize,
                    double lr, double weightDecay, boolean pretrain, double alpha, double initStd, int patience)
        implements Algorithm<NeuMfModel> {
    /** Command-line name and stored model kind. */
    public static final String NAME = "neumf";
    /** Popularity sampling draws items in proportion to {@code max(count, 1)^POPULARITY_EXPONENT}. */
    public static final double POPULARITY_EXPONENT = 0.75;

    /**
     * What {@code affinity tune} searches: embedding and tower sizes, negatives per positive and
     * their sampler, epochs, learning rate, L2, and pre-training. The defaults lie inside.
     */
    public static final SearchSpace SEARCH_SPACE = SearchSpace.of(
            SearchSpace.choice("factors", 8, 16, 32, 64),
            SearchSpace.choice("layers", "32-16-8", "64-32-16", "128-64-32"),
            SearchSpace.choice("negatives", 2, 4, 8),
            SearchSpace.choice("sampling", "uniform", "popularity"),
            SearchSpace.choice("epochs", 10, 20, 40),
            SearchSpace.choice("batch", 256, 1024),
            SearchSpace.logRange("lr", 3e-4, 3e-3, 3),
            SearchSpace.choice("wd", 0.0, 1e-5, 1e-4),
            SearchSpace.choice("pretrain", false, true));

    public NeuMf {
        network = network.toLowerCase(Locale.ROOT);
        Params.check(List.of("neumf", "gmf", "mlp").contains(network), NAME, "network", network, "neumf, gmf or mlp");
        Params.check(factors >= 1, NAME, "factors", factors, ">= 1");
        layers = layers.clone();
        boolean layersOk = layers.length >= 2 && layers[0] >= 2 && layers[0] % 2 == 0;
        for (int o : layers) {
            layersOk &= o >= 1;
        }
        Params.check(layersOk, NAME, "layers", layersText(layers),
                "at least two sizes, dash-separated, the first even (e.g. 64-32-16)");
        Params.check(negatives >= 1, NAME, "negatives", negatives, ">= 1");
        sampling = sampling.toLowerCase(Locale.ROOT);
        Params.check(sampling.equals("uniform") || sampling.equals("popularity"), NAME, "sampling", sampling,
                "uniform or popularity");
        Params.check(epochs >= 1, NAME, "epochs", epochs, ">= 1");
        Params.check(batchSize >= 1, NAME, "batch", batchSize, ">= 1");
        Params.check(Double.isFinite(lr) && lr > 0, NAME, "lr", lr, "a finite number > 0");
        Params.check(Double.isFinite(weightDecay) && weightDecay >= 0, NAME, "wd", weightDecay, "a finite number >= 0");
        Params.check(alpha >= 0 && alpha <= 1, NAME, "alpha", alpha, "in [0, 1]");
        Params.check(Double.isFinite(initStd) && initStd > 0, NAME, "init_std", initStd, "a finite number > 0");
        Params.check(patience >= 0, NAME, "patience", patience, ">= 0");
        Params.check(!pretrain || network.equals("neumf"), NAME, "pretrain", pretrain, "false unless network=neumf");
    }

    /** factors 32, layers 64-32-16, 4 uniform negatives, 20 epochs of 256 positives, Adam 1e-3, no pre-training. */
    public static NeuMf defaults() {
        return new NeuMf("neumf", 32, new int[] {64, 32, 16}, 4, "uniform", 20, 256, 1e-3, 0, false, 0.5, 0.01, 5);
    }

    /** Builds from string parameters (keys as in {@link #params()}); unknown keys are rejected. */
    public static NeuMf fromParams(Map<String, String> values) {
        NeuMf d = defaults();
        Params p = new Params(NAME, values);
        String layersText = p.getString("layers", layersText(d.layers));
        NeuMf m = new NeuMf(p.getChoice("network", d.network, "neumf", "gmf", "mlp"), p.getInt("factors", d.factors),
                parseLayers(layersText), p.getInt("negatives", d.negatives),
                p.getChoice("sampling", d.sampling, "uniform", "popularity"), p.getInt("epochs", d.epochs),
                p.getInt("batch", d.batchSize), p.getDouble("lr", d.lr), p.getDouble("wd", d.weightDecay),
                p.getBoolean("pretrain", d.pretrain), p.getDouble("alpha", d.alpha), p.getDouble("init_std", d.initStd),
                p.getInt("patience", d.patience));
        p.requireAllUsed();
        return m;
    }

    private static int[] parseLayers(String text) {
        String[] parts = text.trim().split("[-x/ ]+");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model '" + NAME + "' parameter 'layers' must be dash-separated "
                        + "integers (e.g. 64-32-16); got " + text);
            }
        }
        return out;
    }

    static String layersText(int[] layers) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < layers.length; i++) {
            b.append(i == 0 ? "" : "-").append(layers[i]);
        }
        return b.toString();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", network);
        m.put("factors", factors);
        m.put("layers", layersText(layers));
        m.put("negatives", negatives);
        m.put("sampling", sampling);
        m.put("epochs", epochs);
        m.put("batch", batchSize);
        m.put("lr", lr);
        m.put("wd", weightDecay);
        m.put("pretrain", pretrain);
        m.put("alpha", alpha);
        m.put("init_std", initStd);
        m.put("patience", patience);
        return m;
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuMf other && params().equals(other.params());
    }

    @Override
    public int hashCode() {
        return params().hashCode();
    }

    @Override
    public String toString() {
        return NAME + params();
    }

    /** A copy with another number of epochs (tests and benchmarks). */
    public NeuMf withEpochs(int e) {
        return new NeuMf(network, factors, layers, negatives, sampling, e, batchSize, lr, weightDecay, pretrain, alpha,
                initStd, patience);
    }

    /** A copy training only one branch ("gmf" or "mlp") or both ("neumf"), without pre-training. */
    NeuMf withNetwork(String n) {
        return new NeuMf(n, factors, layers, negatives, sampling, epochs, batchSize, lr, weightDecay, false, alpha, initStd,
                patience);
    }

    @Override
    public NeuMfModel fit(TrainingData data, FitContext ctx) {
        return NeuMfTrainer.fit(this, data, ctx, e -> { }).model();
    }

    /** What a fit produced: the model and each training stage's record (GMF, MLP, NeuMF when pre-training). */
    public record Fit(NeuMfModel model, List<TrainingResult> stages) {
        public Fit {
            stages = List.copyOf(stages);
        }

        /** The last stage (the network the model exports). */
        public TrainingResult training() {
            return stages.get(stages.size() - 1);
        }
    }

    /** Fits, reporting every epoch of every stage to {@code onEpoch}. */
    public Fit fitWithResult(TrainingData data, FitContext ctx, Consumer<EpochStats> onEpoch) {
        return NeuMfTrainer.fit(this, data, ctx, onEpoch);
    }
}
