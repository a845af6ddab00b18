package ai.affinity.deep.vae;

import ai.affinity.data.Interactions;
import ai.affinity.deep.train.BatchSource;
import ai.affinity.deep.train.SparseEmbedding;
import ai.affinity.deep.train.TrainConfig;
import ai.affinity.deep.train.TrainingLoop;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.deep.train.Weights;
import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.Params;
import ai.affinity.model.TrainingData;
import ai.affinity.tune.SearchSpace;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Mult-VAE (Liang, Krishnan, Hoffman, Jebara, "Variational Autoencoders for Collaborative
 * Filtering", WWW 2018): a variational autoencoder over users' binary histories with a
 * multinomial likelihood. The input is the L2-normalised history with dropout (keep probability
 * {@code keep}); the encoder {@code n → hidden (tanh) → 2·latent} gives the posterior mean and
 * log-variance; the decoder {@code latent → hidden (tanh) → n} gives item logits. The loss is the
 * negative multinomial log-likelihood {@code −Σ_i x_i log softmax(logits)_i} plus {@code β · KL},
 * with {@code β} growing linearly by {@code 1/anneal_steps} per batch up to {@code anneal_cap}.
 * With {@code kl_scale=items} (the default) each user's KL term is weighted by their number of
 * training items over the mean number per user, after RecVAE (Shenbin et al., WSDM 2020, §3.3: a
 * user's likelihood sums over their items, so with one β the prior binds heavy users least); the
 * weights average 1, so {@code anneal_cap} keeps its meaning as the mean KL weight.
 * Trained with Adam on batches of users by the shared {@link TrainingLoop}; when the training data
 * has a validation carve-out, the epoch with the best validation NDCG@10 is kept (patience
 * {@code patience}). The fitted {@link MultVaeModel} scores in pure Java from any history.
 *
 * <p>Everything random (initialisation, user order, dropout masks, the reparameterisation noise)
 * is drawn from one seed in Java, and PyTorch runs with {@link FitContext#threads()} threads, so
 * the same seed and thread count give the same model.
 *
 * <p>Defaults: the paper's architecture and optimiser (600-200, Adam 1e-3, batches of 500, keep
 * 0.5), with the KL weighting, the KL weight and the epoch count chosen on the ml-100k validation carve-out (random 25%
 * holdout seed 42, then 25% of training carved out with seed 42; NDCG@10, 200-epoch curves): the
 * paper's cap 0.2 peaks at 0.2645 (epoch 84) and then overfits, cap 0.5 at 0.2683, cap 1.0 at 0.2691
 * (epoch 120; 0.266 averaged over epochs 100..150), cap 2.0 at 0.2687; batches of 100 or 250, lr 3e-3
 * or 5e-4, keep 0.3 or 0.7, weight decay 0.02 and a 300-100 network were all no better. (Tuned EASE
 * scores 0.2687 and tuned iALS 0.2698 on the same carve-out.) On the test split the defaults reach
 * NDCG@10 0.4538 (EASE 0.4812, iALS 0.4916): Mult-VAE does not beat the linear models on this small
 * data set. Weighting the KL term by the user's item count ({@code kl_scale=items}) was chosen
 * afterwards on the same carve-out: five seeds average 0.2697 with cap 0.5 against 0.2665 for the
 * unweighted defaults (cap 0.3: 0.2677, 1.0: 0.2710, 2.0: 0.2709 on seed 42), and the test split
 * then gives 0.4676. Five networks averaged ({@code ensemble=5}, chosen on the same carve-out against
 * one network's five-seed mean, 0.2723 vs 0.2697) reach 0.4702 on test.
 *
 * @param hidden      encoder and decoder hidden width, default 600 (the paper's)
 * @param latent      latent dimension, default 200 (the paper's)
 * @param epochs      training epochs, default {@value #DEFAULT_EPOCHS}
 * @param batchSize   users per batch, default 500 (the paper's)
 * @param lr          Adam learning rate, default 1e-3 (the paper's)
 * @param keep        input dropout keep probability in (0, 1], default 0.5 (the paper's)
 * @param annealCap   the largest KL weight β, default 1.0 (the paper uses 0.2 on larger data)
 * @param annealSteps optimiser steps over which β rises linearly from 0 to 1 (capped at
 *                    {@code annealCap}); 0 means β = cap from the start. Default {@value #DEFAULT_ANNEAL_STEPS}
 *                    (on ml-100k, 100 epochs of 2 batches)
 * @param weightDecay L2 weight decay added to Adam's gradients, default 0
 * @param patience    early-stopping patience in epochs when validation data is given, default 20
 *                    (0 = train every epoch, still keeping the best)
 * @param variant     {@code vae} (default) or {@code dae}: Mult-DAE, the paper's denoising autoencoder
 *                    with the same network and multinomial likelihood but a deterministic code
 *                    (z = μ, no sampling) and no KL term ({@code anneal_cap} and {@code anneal_steps}
 *                    are then unused); the paper found it competitive on small data. Unlike the
 *                    paper's DAE the code layer stays linear (it is the VAE's μ), so both variants
 *                    export and score through the same {@link MultVaeModel}
 * @param klScale     {@code items} (default): user u's KL term weighted by {@code |X_u| / mean |X|};
 *                    {@code none}: the paper's unweighted KL
 * @param ensemble    number of networks fitted with different seeds (default 1) whose logits are
 *                    averaged ({@link FitContext#member}); the first is the plain fit. Not in the
 *                    search space: it multiplies a fit's cost, which {@code compare}'s plan does not
 *                    model; choose it on validation for a tuned configuration (on ml-100k, 5)
 */
public record MultVae(int hidden, int latent, int epochs, int batchSize, double lr, double keep, double annealCap,
                      int annealSteps, double weightDecay, int patience, String variant, String klScale, int ensemble)
        implements Algorithm<MultVaeModel> {
    public static final String NAME = "multvae";
    public static final int DEFAULT_HIDDEN = 600;
    public static final int DEFAULT_LATENT = 200;
    public static final int DEFAULT_EPOCHS = 120;
    public static final int DEFAULT_BATCH = 500;
    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_KEEP = 0.5;
    public static final double DEFAULT_ANNEAL_CAP = 0.5;
    public static final int DEFAULT_ANNEAL_STEPS = 200;
    public static final double DEFAULT_WEIGHT_DECAY = 0;
    public static final int DEFAULT_PATIENCE = 20;
    public static final String DEFAULT_KL_SCALE = "items";
    public static final int MAX_ENSEMBLE = 16;

    /**
     * What {@code affinity tune} searches: the network size, epochs, batch size (steps per epoch),
     * learning rate, dropout and the KL schedule (cap, annealing length, per-user weighting), around
     * the paper's values and the ml-100k optimum.
     */
    public static final SearchSpace SEARCH_SPACE = SearchSpace.of(
            SearchSpace.choice("hidden", 300, 600),
            SearchSpace.choice("latent", 100, 200),
            SearchSpace.choice("epochs", 60, 120, 200),
            SearchSpace.choice("batch", 100, 250, 500),
            SearchSpace.logRange("lr", 5e-4, 3e-3, 3),
            SearchSpace.range("keep", 0.3, 0.7, 3),
            SearchSpace.choice("anneal_cap", 0.2, 0.5, 1.0, 2.0),
            SearchSpace.choice("anneal_steps", 0, 200, 2000),
            SearchSpace.choice("kl_scale", "items", "none"));

    public MultVae {
        Params.check(hidden >= 1, NAME, "hidden", hidden, ">= 1");
        Params.check(latent >= 1, NAME, "latent", latent, ">= 1");
        Params.check(epochs >= 1, NAME, "epochs", epochs, ">= 1");
        Params.check(batchSize >= 1, NAME, "batch", batchSize, ">= 1");
        Params.check(Double.isFinite(lr) && lr > 0, NAME, "lr", lr, "a finite number > 0");
        Params.check(keep > 0 && keep <= 1, NAME, "keep", keep, "in (0, 1]");
        Params.check(annealCap >= 0 && Double.isFinite(annealCap), NAME, "anneal_cap", annealCap, "a finite number >= 0");
        Params.check(annealSteps >= 0, NAME, "anneal_steps", annealSteps, ">= 0");
        Params.check(weightDecay >= 0 && Double.isFinite(weightDecay), NAME, "wd", weightDecay, "a finite number >= 0");
        Params.check(patience >= 0, NAME, "patience", patience, ">= 0");
        Params.check("vae".equals(variant) || "dae".equals(variant), NAME, "variant", variant, "vae or dae");
        Params.check("items".equals(klScale) || "none".equals(klScale), NAME, "kl_scale", klScale, "items or none");
        Params.check(ensemble >= 1 && ensemble <= MAX_ENSEMBLE, NAME, "ensemble", ensemble, "in [1, " + MAX_ENSEMBLE + "]");
    }

    /** The VAE variant with the given settings and the paper's unweighted KL ({@code kl_scale=none}). */
    public MultVae(int hidden, int latent, int epochs, int batchSize, double lr, double keep, double annealCap,
                   int annealSteps, double weightDecay, int patience) {
        this(hidden, latent, epochs, batchSize, lr, keep, annealCap, annealSteps, weightDecay, patience, "vae", "none", 1);
    }

    public MultVae() {
        this(DEFAULT_HIDDEN, DEFAULT_LATENT, DEFAULT_EPOCHS, DEFAULT_BATCH, DEFAULT_LR, DEFAULT_KEEP, DEFAULT_ANNEAL_CAP,
                DEFAULT_ANNEAL_STEPS, DEFAULT_WEIGHT_DECAY, DEFAULT_PATIENCE, "vae", DEFAULT_KL_SCALE, 1);
    }

    /**
     * Builds from {@code hidden, latent, epochs, batch, lr, keep, anneal_cap, anneal_steps, wd,
     * patience, variant, kl_scale, ensemble}; unknown keys are rejected.
     */
    public static MultVae fromParams(Map<String, String> values) {
        Params p = new Params(NAME, values);
        MultVae v = new MultVae(p.getInt("hidden", DEFAULT_HIDDEN), p.getInt("latent", DEFAULT_LATENT),
                p.getInt("epochs", DEFAULT_EPOCHS), p.getInt("batch", DEFAULT_BATCH), p.getDouble("lr", DEFAULT_LR),
                p.getDouble("keep", DEFAULT_KEEP), p.getDouble("anneal_cap", DEFAULT_ANNEAL_CAP),
                p.getInt("anneal_steps", DEFAULT_ANNEAL_STEPS), p.getDouble("wd", DEFAULT_WEIGHT_DECAY),
                p.getInt("patience", DEFAULT_PATIENCE), p.getChoice("variant", "vae", "vae", "dae"),
                p.getChoice("kl_scale", DEFAULT_KL_SCALE, "items", "none"), p.getInt("ensemble", 1));
        p.requireAllUsed();
        return v;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", hidden);
        m.put("latent", latent);
        m.put("epochs", epochs);
        m.put("batch", batchSize);
        m.put("lr", lr);
        m.put("keep", keep);
        m.put("anneal_cap", annealCap);
        m.put("anneal_steps", annealSteps);
        m.put("wd", weightDecay);
        m.put("patience", patience);
        m.put("variant", variant);
        m.put("kl_scale", klScale);
        if (ensemble > 1) {
            m.put("ensemble", ensemble);
        }
        return m;
    }

    /**
     * The shared training settings this model trains with under {@code ctx} on {@code numItems}
     * items. Networks whose widest layer has fewer than {@value #PARALLEL_MIN_WEIGHTS} weights train
     * on one PyTorch thread: for them, intra-op threads cost more in synchronisation than they save
     * (and on a busy machine far more).
     */
    public TrainConfig trainConfig(FitContext ctx, int numItems) {
        int threads = (long) numItems * hidden < PARALLEL_MIN_WEIGHTS ? 1 : ctx.threads();
        return TrainConfig.defaults().withEpochs(epochs).withBatchSize(batchSize)
                .withOptimizer(TrainConfig.Optimizer.ADAM, (float) lr, (float) weightDecay)
                .withSchedule(0, TrainConfig.Decay.CONSTANT).withPatience(patience).withLogEvery(1).with(ctx)
                .withThreads(threads);
    }

    /** Below this many weights in the item layers, training runs on one thread. */
    public static final long PARALLEL_MIN_WEIGHTS = 100_000;

    @Override
    public MultVaeModel fit(TrainingData data, FitContext ctx) {
        return fitWithResult(data, ctx).model();
    }

    /** A fitted model with the training run's statistics (epochs, losses, timings). */
    public record Fit(MultVaeModel model, TrainingResult training) {
    }

    /**
     * Fits and also returns the {@link TrainingResult} (per-epoch loss, validation NDCG, seconds); with
     * an ensemble, the model averages every member and the result is the first member's.
     */
    public Fit fitWithResult(TrainingData data, FitContext ctx) {
        Fit first = fitNetwork(data, ctx);
        if (ensemble == 1) {
            return first;
        }
        List<MultVaeModel> members = new ArrayList<>(List.of(first.model()));
        for (int k = 1; k < ensemble; k++) {
            members.add(fitNetwork(data, ctx.member(k)).model());
        }
        return new Fit(MultVaeModel.ensemble(members), first.training());
    }

    private Fit fitNetwork(TrainingData data, FitContext ctx) {
        Interactions train = data.train();
        int n = train.numItems();
        Map<String, String> shown = new LinkedHashMap<>();
        params().forEach((k, v) -> shown.put(k, String.valueOf(v)));
        SplittableRandom init = new SplittableRandom(ctx.seed() ^ 0x5DEECE66DL);
        int users = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            if (train.userCount(u) > 0) {
                users++;
            }
        }
        if (users == 0) {
            throw new IllegalArgumentException(NAME + ": the training data has no events");
        }
        Network net = new Network(n, hidden, latent);
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights weights = new Weights(manager);
            net.initialise(weights, init, (float) weightDecay);
            Batches batches = new Batches(train, weights, (float) keep, (float) annealCap, annealSteps, latent,
                    variant.equals("dae"), klScale.equals("items"));
            TrainingLoop loop = new TrainingLoop(NAME, trainConfig(ctx, n), ctx.progress());
            TrainingResult result = loop.run(weights, batches, data, () -> net.export(weights, shown));
            if (!Double.isNaN(result.bestNdcg())) {
                // Early stopping chose an epoch on validation: callers (compare) refit with that many epochs.
                shown.put("best_epoch", Integer.toString(result.bestEpoch()));
            }
            return new Fit(net.export(weights, shown), result);
        }
    }

    /** The network's weight names, shapes and initialisation (Glorot uniform weights, N(0, 0.001²) biases, as in the paper's code). */
    static final class Network {
        static final String[] NAMES = {"w1", "b1", "w2", "b2", "w3", "b3", "w4", "b4"};
        final int n;
        final int hidden;
        final int latent;

        Network(int n, int hidden, int latent) {
            this.n = n;
            this.hidden = hidden;
            this.latent = latent;
        }

        long[][] shapes() {
            return new long[][] {{n, hidden}, {hidden}, {hidden, 2L * latent}, {2L * latent}, {latent, hidden}, {hidden},
                    {hidden, n}, {n}};
        }

        /**
         * Adds the network's weights to {@code weights}. The first layer {@code w1} ({@code n × hidden})
         * is a Java table ({@link SparseEmbedding}, Adam on every row at every step, as DJL's dense Adam
         * with L2 weight decay {@code weightDecay}): the encoder input is sparse, so its product with
         * {@code w1} is a weighted sum of the rows of the user's kept items ({@link SparseEmbedding#bag}),
         * O(events · hidden) instead of the dense O(users · items · hidden), forward and backward.
         */
        void initialise(Weights weights, SplittableRandom rng, float weightDecay) {
            long[][] shapes = shapes();
            for (int i = 0; i < NAMES.length; i++) {
                long[] s = shapes[i];
                float[] v = new float[(int) (s.length == 2 ? s[0] * s[1] : s[0])];
                if (s.length == 2) {
                    double a = Math.sqrt(6.0 / (s[0] + s[1]));
                    for (int j = 0; j < v.length; j++) {
                        v[j] = (float) ((2 * rng.nextDouble() - 1) * a);
                    }
                } else {
                    for (int j = 0; j < v.length; j++) {
                        v[j] = (float) (0.001 * rng.nextGaussian());
                    }
                }
                if (i == 0) {
                    weights.addSparse(new SparseEmbedding(NAMES[0], n, hidden, v, 0.9f, 0.999f, 1e-8f, weightDecay, false,
                            true));
                } else {
                    weights.add(NAMES[i], v, s);
                }
            }
        }

        static SparseEmbedding firstLayer(Weights weights) {
            return weights.sparseTables().get(0);
        }

        MultVaeModel export(Weights weights, Map<String, String> params) {
            float[][] w = new float[NAMES.length][];
            w[0] = firstLayer(weights).table().clone();
            for (int i = 1; i < NAMES.length; i++) {
                w[i] = weights.values(NAMES[i]);
            }
            return MultVaeModel.fromNetwork(n, hidden, latent, w, params);
        }
    }

    /**
     * Batches of users (those with training events, shuffled per epoch): the dense binary history,
     * its L2-normalised copy with inverted dropout, and the reparameterisation noise, all drawn in Java.
     */
    static final class Batches implements BatchSource {
        private final Interactions train;
        /** {@code w[1..7]}; {@code w[0]} stays null: the first layer is {@link #firstLayer}. */
        private final NDArray[] w;
        private final SparseEmbedding firstLayer;
        private final float keep;
        private final float annealCap;
        private final int annealSteps;
        private final int latent;
        /** Mult-DAE: no reparameterisation noise and no KL term. */
        private final boolean dae;
        private final int[] users;
        /** Per-user KL weights {@code |X_u| / mean |X|} by user index ({@code kl_scale=items}); null: unweighted. */
        private final float[] klWeight;

        Batches(Interactions train, Weights weights, float keep, float annealCap, int annealSteps, int latent,
                boolean dae, boolean klByItems) {
            this.train = train;
            this.dae = dae;
            this.keep = keep;
            this.annealCap = annealCap;
            this.annealSteps = annealSteps;
            this.latent = latent;
            int count = 0;
            for (int u = 0; u < train.numUsers(); u++) {
                if (train.userCount(u) > 0) {
                    count++;
                }
            }
            users = new int[count];
            for (int u = 0, k = 0; u < train.numUsers(); u++) {
                if (train.userCount(u) > 0) {
                    users[k++] = u;
                }
            }
            klWeight = klByItems && !dae ? klWeights(train, users) : null;
            firstLayer = Network.firstLayer(weights);
            w = new NDArray[Network.NAMES.length];
            for (int i = 1; i < w.length; i++) {
                w[i] = weights.get(Network.NAMES[i]);
            }
        }

        @Override
        public int numExamples() {
            return users.length;
        }

        @Override
        public void startEpoch(int epoch, SplittableRandom rng) {
            for (int i = users.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = users[i];
                users[i] = users[j];
                users[j] = t;
            }
        }

        /** {@code |X_u| / mean |X|} over {@code users} (those with events), indexed by user. */
        static float[] klWeights(Interactions train, int[] users) {
            long total = 0;
            for (int u : users) {
                total += train.userCount(u);
            }
            double mean = (double) total / users.length;
            float[] w = new float[train.numUsers()];
            for (int u : users) {
                w[u] = (float) (train.userCount(u) / mean);
            }
            return w;
        }

        /** β after {@code step} optimiser steps. */
        float beta(long step) {
            if (dae) {
                return 0f;
            }
            return annealSteps == 0 ? annealCap : (float) Math.min(annealCap, (double) step / annealSteps);
        }

        @Override
        public NDArray loss(NDManager m, int from, int to, long step, SplittableRandom rng) {
            int b = to - from;
            int n = train.numItems();
            float[] target = new float[b * n];
            int events = 0;
            for (int r = 0; r < b; r++) {
                int u = users[from + r];
                events += train.end(u) - train.start(u);
            }
            // The encoder input as sparse rows: user r's kept items are ids[offsets[r] .. offsets[r+1]).
            int[] offsets = new int[b + 1];
            int[] ids = new int[events];
            float[] values = new float[events];
            int kept = 0;
            for (int r = 0; r < b; r++) {
                int u = users[from + r];
                int base = r * n;
                int distinct = 0;
                for (int p = train.start(u); p < train.end(u); p++) {
                    int item = train.item(p);
                    if (target[base + item] == 0f) {
                        target[base + item] = 1f;
                        distinct++;
                    }
                }
                // x / ||x|| then inverted dropout: kept entries are scaled by 1/keep. (Interactions
                // hold one event per (user, item), so each item draws its dropout once.)
                float value = (float) (1.0 / Math.sqrt(distinct) / keep);
                for (int p = train.start(u); p < train.end(u); p++) {
                    if (keep >= 1f || rng.nextDouble() < keep) {
                        ids[kept] = train.item(p);
                        values[kept] = value;
                        kept++;
                    }
                }
                offsets[r + 1] = kept;
            }
            float[] eps = new float[b * latent];
            for (int i = 0; i < eps.length && !dae; i++) {
                eps[i] = (float) rng.nextGaussian();
            }
            float[] userKlWeights = null;
            if (klWeight != null) {
                userKlWeights = new float[b];
                for (int r = 0; r < b; r++) {
                    userKlWeights[r] = klWeight[users[from + r]];
                }
            }
            return MultVaeNetwork.lossFromFirstLayer(firstLayer.bag(m, offsets, ids, values),
                    m.create(target, new Shape(b, n)), m.create(eps, new Shape(b, latent)), w, beta(step),
                    userKlWeights == null ? null : m.create(userKlWeights, new Shape(b)));
        }
    }
}
