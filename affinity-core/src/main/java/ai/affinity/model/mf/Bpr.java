package ai.affinity.model.mf;

import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.Params;
import ai.affinity.model.TrainingData;
import ai.affinity.tune.SearchSpace;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * BPR-MF: matrix factorisation with an item bias, trained by stochastic gradient ascent on the
 * Bayesian Personalized Ranking criterion (Rendle, Freudenthaler, Gantner, Schmidt-Thieme, UAI 2009).
 * The score of item {@code i} for user {@code u} is {@code b_i + p_u · q_i}; training draws
 * {@code (u, i, j)} triples, a positive event {@code (u, i)} uniformly over all training events and a
 * negative {@code j} the user has not interacted with, and maximises
 * {@code ln σ(x_ui − x_uj) − λ_U‖p_u‖² − λ_I(‖q_i‖² + ‖q_j‖²) − λ_B(b_i² + b_j²)}. One epoch draws as
 * many triples as there are training events. Every event counts as positive (values are ignored).
 *
 * <p>Training is Hogwild-style: {@code ctx.threads()} threads update the shared factor arrays without
 * locks, each from its own {@link java.util.SplittableRandom} split from the seed. With one thread the
 * model is bit-identical for a seed; with more threads the interleaving of updates (and so the
 * floating-point result) depends on scheduling, so it is <em>not</em> reproducible bit for bit, only
 * in quality.
 *
 * <p>A user the model never trained on (query user -1, out of range, or without training events)
 * is folded in: SGD on a fresh user vector (starting at zero) with item factors and biases fixed,
 * the same update rule, negative sampling and learning-rate schedule as training, {@link #foldInEpochs}
 * epochs of {@code |history|} triples. Its random source is seeded from the fit seed and the history's
 * items, so the same history always gets the same scores.
 *
 * <p>Defaults were chosen on MovieLens 100K (per-user random 25% holdout, seed 42) by NDCG@10 on the
 * validation carve-out ({@code Validation.carve(split, 0.25, 42)}), never on the test part.
 *
 * @param factors       latent dimension k; default 128
 * @param epochs        passes over the training events; default 100
 * @param learningRate  peak SGD step size (parameter {@code lr}); default 0.1
 * @param decay         learning-rate decay across epochs after the warm-up: constant, linear or
 *                      exponential, ending at {@code lrFinal × lr}; default linear
 * @param lrFinal       ratio of the last epoch's rate to the peak rate, in (0, 1]; default 0.01
 * @param warmupEpochs  epochs over which the rate rises linearly to the peak ({@code warmup}); default 0
 * @param regUser       L2 weight on user factors ({@code reg_user}); default 0.02
 * @param regItem       L2 weight on item factors ({@code reg_item}); default 0.02
 * @param regBias       L2 weight on item biases ({@code reg_bias}); default 0.02
 * @param negatives     negative sampling: uniform over items, or popularity-aware ∝ count^beta
 *                      (drawn from an alias table); default uniform
 * @param beta          popularity exponent for {@code negatives=popularity}; default 0.75 (items
 *                      without training events count as 1 so they are still pushed down)
 * @param initStd       standard deviation of the Gaussian initial factors ({@code init_std}); default 0.1
 * @param foldInEpochs  epochs of SGD over a new user's history at fold-in ({@code foldin_epochs}); default 20
 * @param sampling      order of the triples within an epoch: {@code events} draws each triple's positive
 *                      event uniformly from all events (the paper's LearnBPR); {@code users} visits the
 *                      users in a shuffled order and gives each as many triples as they have events, in
 *                      a row (the same expected number per user, far fewer cache misses, and threads never
 *                      share a user row); default users
 */
public record Bpr(int factors, int epochs, double learningRate, Decay decay, double lrFinal, int warmupEpochs,
                  double regUser, double regItem, double regBias, NegativeSampling negatives, double beta,
                  double initStd, int foldInEpochs, Sampling sampling) implements Algorithm<BprModel> {
    /** Command-line name. */
    public static final String NAME = "bpr";

    /** How the learning rate falls across epochs after the warm-up. */
    public enum Decay {
        CONSTANT, LINEAR, EXPONENTIAL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where negative items are drawn from (positives of the user are rejected and redrawn). */
    public enum NegativeSampling {
        UNIFORM, POPULARITY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the positive events of an epoch are visited (see the {@code sampling} parameter). */
    public enum Sampling {
        EVENTS, USERS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What {@code affinity tune} searches (documented ranges; the defaults lie inside). */
    public static final SearchSpace SEARCH_SPACE = SearchSpace.of(
            SearchSpace.logIntRange("factors", 16, 256, 5),
            SearchSpace.logRange("lr", 0.005, 0.2, 5),
            SearchSpace.logRange("reg", 1e-4, 0.05, 4),
            SearchSpace.choice("epochs", 25, 50, 100, 200),
            SearchSpace.choice("negatives", "uniform", "popularity"),
            SearchSpace.choice("decay", "constant", "linear", "exponential"));

    public static final int DEFAULT_FACTORS = 128;
    public static final int DEFAULT_EPOCHS = 100;
    public static final double DEFAULT_LR = 0.1;
    public static final Decay DEFAULT_DECAY = Decay.LINEAR;
    public static final double DEFAULT_LR_FINAL = 0.01;
    public static final int DEFAULT_WARMUP = 0;
    public static final double DEFAULT_REG = 0.02;
    public static final NegativeSampling DEFAULT_NEGATIVES = NegativeSampling.UNIFORM;
    public static final double DEFAULT_BETA = 0.75;
    public static final double DEFAULT_INIT_STD = 0.1;
    public static final int DEFAULT_FOLDIN_EPOCHS = 20;
    public static final Sampling DEFAULT_SAMPLING = Sampling.USERS;

    public Bpr {
        check(factors >= 1 && factors <= 4096, "factors", factors, "in [1, 4096]");
        check(epochs >= 1, "epochs", epochs, ">= 1");
        check(learningRate > 0 && Double.isFinite(learningRate), "lr", learningRate, "> 0");
        check(decay != null, "decay", null, "constant, linear or exponential");
        check(lrFinal > 0 && lrFinal <= 1, "lr_final", lrFinal, "in (0, 1]");
        check(warmupEpochs >= 0 && warmupEpochs < epochs, "warmup", warmupEpochs, ">= 0 and < epochs (" + epochs + ")");
        check(regUser >= 0 && Double.isFinite(regUser), "reg_user", regUser, ">= 0");
        check(regItem >= 0 && Double.isFinite(regItem), "reg_item", regItem, ">= 0");
        check(regBias >= 0 && Double.isFinite(regBias), "reg_bias", regBias, ">= 0");
        check(negatives != null, "negatives", null, "uniform or popularity");
        check(beta >= 0 && beta <= 2, "beta", beta, "in [0, 2]");
        check(initStd >= 0 && Double.isFinite(initStd), "init_std", initStd, ">= 0");
        check(foldInEpochs >= 1, "foldin_epochs", foldInEpochs, ">= 1");
        check(sampling != null, "sampling", null, "events or users");
    }

    /** All defaults. */
    public Bpr() {
        this(DEFAULT_FACTORS, DEFAULT_EPOCHS, DEFAULT_LR, DEFAULT_DECAY, DEFAULT_LR_FINAL, DEFAULT_WARMUP,
                DEFAULT_REG, DEFAULT_REG, DEFAULT_REG, DEFAULT_NEGATIVES, DEFAULT_BETA, DEFAULT_INIT_STD,
                DEFAULT_FOLDIN_EPOCHS, DEFAULT_SAMPLING);
    }

    /**
     * Reads {@code factors, epochs, lr, decay, lr_final, warmup, reg, reg_user, reg_item, reg_bias,
     * negatives, beta, init_std, foldin_epochs, sampling}; {@code reg} sets all three L2 weights and the
     * specific ones override it. Unknown keys are rejected.
     */
    public static Bpr fromParams(Map<String, String> values) {
        Params p = new Params(NAME, values);
        int factors = p.getInt("factors", DEFAULT_FACTORS);
        int epochs = p.getInt("epochs", DEFAULT_EPOCHS);
        double lr = p.getDouble("lr", DEFAULT_LR);
        Decay decay = Decay.valueOf(p.getChoice("decay", DEFAULT_DECAY.label(), "constant", "linear", "exponential")
                .toUpperCase(Locale.ROOT));
        double lrFinal = p.getDouble("lr_final", DEFAULT_LR_FINAL);
        int warmup = p.getInt("warmup", DEFAULT_WARMUP);
        double reg = p.getDouble("reg", DEFAULT_REG);
        double regUser = p.getDouble("reg_user", reg);
        double regItem = p.getDouble("reg_item", reg);
        double regBias = p.getDouble("reg_bias", reg);
        NegativeSampling negatives = NegativeSampling.valueOf(p.getChoice("negatives", DEFAULT_NEGATIVES.label(),
                "uniform", "popularity").toUpperCase(Locale.ROOT));
        double beta = p.getDouble("beta", DEFAULT_BETA);
        double initStd = p.getDouble("init_std", DEFAULT_INIT_STD);
        int foldIn = p.getInt("foldin_epochs", DEFAULT_FOLDIN_EPOCHS);
        Sampling sampling = Sampling.valueOf(p.getChoice("sampling", DEFAULT_SAMPLING.label(), "events", "users")
                .toUpperCase(Locale.ROOT));
        p.requireAllUsed();
        return new Bpr(factors, epochs, lr, decay, lrFinal, warmup, regUser, regItem, regBias, negatives, beta,
                initStd, foldIn, sampling);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Every hyperparameter under its command-line name (all specific: no {@code reg} shorthand). */
    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("factors", factors);
        m.put("epochs", epochs);
        m.put("lr", learningRate);
        m.put("decay", decay.label());
        m.put("lr_final", lrFinal);
        m.put("warmup", warmupEpochs);
        m.put("reg_user", regUser);
        m.put("reg_item", regItem);
        m.put("reg_bias", regBias);
        m.put("negatives", negatives.label());
        m.put("beta", beta);
        m.put("init_std", initStd);
        m.put("foldin_epochs", foldInEpochs);
        m.put("sampling", sampling.label());
        return m;
    }

    /** {@link #params()} as strings, which {@link #fromParams} reads back to an equal record. */
    Map<String, String> paramStrings() {
        Map<String, String> m = new LinkedHashMap<>();
        params().forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }

    /**
     * The step size of epoch {@code epoch} (0-based) out of {@code total}: during the first
     * {@code warmupEpochs} epochs it rises as {@code lr · (e+1)/(warmup+1)}; afterwards, with
     * {@code t} running from 0 at the first post-warm-up epoch to 1 at the last, it is {@code lr}
     * (constant), {@code lr · (1 − (1 − lrFinal)·t)} (linear) or {@code lr · lrFinal^t} (exponential).
     * Fold-in calls it with its own epoch count and a warm-up scaled to it.
     */
    double learningRate(int epoch, int total, int warmup) {
        if (epoch < warmup) {
            return learningRate * (epoch + 1) / (warmup + 1);
        }
        int span = total - warmup - 1;
        double t = span <= 0 ? 0 : (double) (epoch - warmup) / span;
        return switch (decay) {
            case CONSTANT -> learningRate;
            case LINEAR -> learningRate * (1 - (1 - lrFinal) * t);
            case EXPONENTIAL -> learningRate * Math.pow(lrFinal, t);
        };
    }

    /** Warm-up epochs of a fold-in of {@code foldInEpochs} epochs: the training share, rounded down. */
    int foldInWarmup() {
        return (int) ((long) warmupEpochs * foldInEpochs / epochs);
    }

    /** A copy with other factors, epochs and learning rate (handy in tests and benchmarks). */
    public Bpr withFactors(int k) {
        return new Bpr(k, epochs, learningRate, decay, lrFinal, warmupEpochs, regUser, regItem, regBias, negatives,
                beta, initStd, foldInEpochs, sampling);
    }

    public Bpr withEpochs(int e) {
        return new Bpr(factors, e, learningRate, decay, lrFinal, Math.min(warmupEpochs, e - 1), regUser, regItem,
                regBias, negatives, beta, initStd, foldInEpochs, sampling);
    }

    @Override
    public BprModel fit(TrainingData data, FitContext ctx) {
        return BprTrainer.fit(this, data.train(), ctx);
    }

    private static void check(boolean ok, String key, Object value, String constraint) {
        Params.check(ok, NAME, key, value, constraint);
    }
}
