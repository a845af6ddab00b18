package ai.affinity.deep.ncf;

import ai.affinity.data.Interactions;
import ai.affinity.deep.train.BatchSource;
import ai.affinity.deep.train.EpochStats;
import ai.affinity.deep.train.SparseEmbedding;
import ai.affinity.deep.train.TrainConfig;
import ai.affinity.deep.train.TrainingLoop;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.deep.train.Weights;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.mf.AliasSampler;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Fits NeuMF (or GMF / MLP alone) with the shared {@link TrainingLoop}: one stage per network, three
 * when pre-training (GMF, MLP, then the fused NeuMF). Initial weights come from the fit seed in
 * Java; the example order and the negatives from the loop's generator; there is no dropout, so no
 * engine randomness. Same seed and thread count, same model.
 */
final class NeuMfTrainer {
    /** Below this many activations in a batch's widest layer, training runs on one PyTorch thread. */
    static final long PARALLEL_MIN_ACTIVATIONS = 1L << 18;

    private NeuMfTrainer() {
    }

    static NeuMf.Fit fit(NeuMf cfg, TrainingData data, FitContext ctx, Consumer<EpochStats> onEpoch) {
        Interactions train = data.train();
        if (train.numEvents() == 0) {
            throw new IllegalArgumentException(NeuMf.NAME + ": the training data has no events");
        }
        Map<String, String> params = new LinkedHashMap<>();
        cfg.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
        boolean[] trained = new boolean[train.numUsers()];
        for (int u = 0; u < trained.length; u++) {
            trained[u] = train.userCount(u) > 0;
        }
        Pairs pairs = new Pairs(train, cfg.negatives(), cfg.sampling().equals("popularity"));
        SplittableRandom init = new SplittableRandom(ctx.seed() ^ 0x2545F4914F6CDD1DL);
        List<TrainingResult> stages = new ArrayList<>();
        NeuMfWeights start;
        if (cfg.pretrain()) {
            NeuMfWeights gmf = NeuMfWeights.initialise(train.numUsers(), train.numItems(), cfg.factors(), cfg.layers(),
                    true, false, cfg.initStd(), init);
            NeuMfWeights mlp = NeuMfWeights.initialise(train.numUsers(), train.numItems(), cfg.factors(), cfg.layers(),
                    false, true, cfg.initStd(), init);
            stages.add(train(cfg, "gmf", gmf, pairs, data, ctx, trained, params, onEpoch));
            stages.add(train(cfg, "mlp", mlp, pairs, data, ctx, trained, params, onEpoch));
            start = NeuMfWeights.fuse(gmf, mlp, cfg.alpha());
        } else {
            start = NeuMfWeights.initialise(train.numUsers(), train.numItems(), cfg.factors(), cfg.layers(),
                    !cfg.network().equals("mlp"), !cfg.network().equals("gmf"), cfg.initStd(), init);
        }
        stages.add(train(cfg, cfg.network(), start, pairs, data, ctx, trained, params, onEpoch));
        return new NeuMf.Fit(new NeuMfModel(start.copy(), trained, params), stages);
    }

    /** Trains {@code w} in place (it holds the best epoch's values afterwards). */
    private static TrainingResult train(NeuMf cfg, String stage, NeuMfWeights w, Pairs pairs, TrainingData data,
                                        FitContext ctx, boolean[] trained, Map<String, String> params,
                                        Consumer<EpochStats> onEpoch) {
        TrainConfig tc = TrainConfig.defaults().withEpochs(cfg.epochs()).withBatchSize(cfg.batchSize())
                .withOptimizer(TrainConfig.Optimizer.ADAM, (float) cfg.lr(), (float) cfg.weightDecay())
                .withSchedule(0, TrainConfig.Decay.CONSTANT).withPatience(cfg.patience()).withLogEvery(20).with(ctx)
                .withThreads(threads(cfg, ctx));
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights weights = new Weights(manager);
            // Embedding tables train in place in w's Java arrays with sparse row updates: a batch
            // touches a few hundred of the users' and items' rows, and a dense Adam step would sweep
            // every row of every table each step.
            SparseEmbedding[] tables = w.addSparseTo(weights, (float) cfg.weightDecay());
            Source source = new Source(pairs, tables, arrays(weights, w));
            String name = stage.equals(NeuMf.NAME) ? NeuMf.NAME : NeuMf.NAME + "/" + stage;
            TrainingResult r = new TrainingLoop(name, tc, ctx.progress()).onEpoch(onEpoch).run(weights, source, data, () -> {
                w.readFrom(weights);
                return new NeuMfModel(w.copy(), trained, params);
            });
            w.readFrom(weights);
            return r;
        }
    }

    /**
     * PyTorch intra-op threads: {@code ctx.threads()} for batches whose widest layer holds at least
     * {@link #PARALLEL_MIN_ACTIVATIONS} activations, else one; NeuMF's layers are narrow, and
     * splitting small ops across threads costs more than it saves (far more on a busy machine).
     */
    static int threads(NeuMf cfg, FitContext ctx) {
        long rows = (long) cfg.batchSize() * (1 + cfg.negatives());
        long wide = Math.max(cfg.factors(), cfg.layers()[0]);
        return rows * wide < PARALLEL_MIN_ACTIVATIONS ? 1 : ctx.threads();
    }

    /**
     * The network's arrays in {@code weights}; the embedding slots are null when the tables are
     * sparse ({@link NeuMfWeights#addSparseTo}: a batch supplies its gathered rows instead).
     */
    static NeuMfNetwork.Arrays arrays(Weights weights, NeuMfWeights w) {
        NDArray[] ws = null;
        NDArray[] bs = null;
        if (w.mlp) {
            ws = new NDArray[w.hidden()];
            bs = new NDArray[w.hidden()];
            for (int l = 0; l < w.hidden(); l++) {
                ws[l] = weights.get("w" + l);
                bs[l] = weights.get("b" + l);
            }
        }
        boolean dense = weights.names().contains(w.gmf ? "pg" : "pm");
        NDArray pg = w.gmf && dense ? weights.get("pg") : null;
        NDArray qg = w.gmf && dense ? weights.get("qg") : null;
        NDArray pm = w.mlp && dense ? weights.get("pm") : null;
        NDArray qm = w.mlp && dense ? weights.get("qm") : null;
        return new NeuMfNetwork.Arrays(pg, qg, w.gmf ? weights.get("hg") : null, pm, qm, ws, bs,
                w.mlp ? weights.get("hm") : null, weights.get("bias"));
    }

    /**
     * The training examples: every training event (user, item) is a positive; a batch of positives
     * brings {@code negatives} sampled items per positive that the user has not interacted with
     * (uniformly, or by popularity through an alias table), drawn afresh every epoch.
     */
    static final class Pairs {
        /** Draws before giving up on finding a non-interacted item (a user who saw almost everything). */
        private static final int MAX_TRIES = 32;
        final Interactions train;
        final int negatives;
        final int[] users;
        final int[] items;
        private final AliasSampler popularity;

        Pairs(Interactions train, int negatives, boolean byPopularity) {
            this.train = train;
            this.negatives = negatives;
            users = new int[train.numEvents()];
            items = new int[train.numEvents()];
            int k = 0;
            for (int u = 0; u < train.numUsers(); u++) {
                for (int p = train.start(u); p < train.end(u); p++) {
                    users[k] = u;
                    items[k++] = train.item(p);
                }
            }
            if (byPopularity) {
                int[] counts = train.itemCounts();
                double[] weights = new double[counts.length];
                for (int i = 0; i < counts.length; i++) {
                    weights[i] = Math.pow(Math.max(counts[i], 1), NeuMf.POPULARITY_EXPONENT);
                }
                popularity = AliasSampler.of(weights);
            } else {
                popularity = null;
            }
        }

        int size() {
            return users.length;
        }

        void shuffle(SplittableRandom rng) {
            for (int i = users.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = users[i];
                users[i] = users[j];
                users[j] = t;
                t = items[i];
                items[i] = items[j];
                items[j] = t;
            }
        }

        /**
         * A negative for {@code user}: an item they have no training event with. Rejection sampling
         * first; a user whose items cover most of the sampling mass falls back to a scan from a
         * random start (any item only when the user has interacted with every item).
         */
        int negative(int user, SplittableRandom rng) {
            int n = train.numItems();
            for (int t = 0; t < MAX_TRIES; t++) {
                int j = popularity == null ? rng.nextInt(n) : popularity.sample(rng);
                if (!train.contains(user, j)) {
                    return j;
                }
            }
            int start = rng.nextInt(n);
            for (int k = 0; k < n; k++) {
                int j = (start + k) % n;
                if (!train.contains(user, j)) {
                    return j;
                }
            }
            return start;
        }

        /**
         * Fills rows for positives {@code [from, to)}: each positive, then its negatives.
         *
         * @return the labels (1 for positives, 0 for negatives)
         */
        float[] fill(int from, int to, long[] u, long[] i, SplittableRandom rng) {
            int per = 1 + negatives;
            float[] labels = new float[(to - from) * per];
            for (int e = from, r = 0; e < to; e++) {
                u[r] = users[e];
                i[r] = items[e];
                labels[r++] = 1f;
                for (int k = 0; k < negatives; k++) {
                    u[r] = users[e];
                    i[r++] = negative(users[e], rng);
                }
            }
            return labels;
        }
    }

    /**
     * The loop's half: an example is one positive event (with its negatives). Per batch, the distinct
     * users and items are gathered from the sparse tables ({@code pg, qg, pm, qm}, null where the
     * branch is absent) and the network runs on the gathered rows with batch-local indexes.
     */
    static final class Source implements BatchSource {
        private final Pairs pairs;
        private final SparseEmbedding[] tables;
        private final NeuMfNetwork.Arrays dense;
        private final int[] userScratch;
        private final int[] itemScratch;

        Source(Pairs pairs, SparseEmbedding[] tables, NeuMfNetwork.Arrays dense) {
            this.pairs = pairs;
            this.tables = tables;
            this.dense = dense;
            userScratch = new int[Math.max(1, pairs.train.numUsers())];
            itemScratch = new int[Math.max(1, pairs.train.numItems())];
            java.util.Arrays.fill(userScratch, -1);
            java.util.Arrays.fill(itemScratch, -1);
        }

        @Override
        public int numExamples() {
            return pairs.size();
        }

        @Override
        public void startEpoch(int epoch, SplittableRandom rng) {
            pairs.shuffle(rng);
        }

        @Override
        public NDArray loss(NDManager m, int from, int to, long step, SplittableRandom rng) {
            int rows = (to - from) * (1 + pairs.negatives);
            long[] u = new long[rows];
            long[] i = new long[rows];
            float[] labels = pairs.fill(from, to, u, i, rng);
            SparseEmbedding.Unique us = SparseEmbedding.Unique.of(toInt(u), userScratch);
            SparseEmbedding.Unique is = SparseEmbedding.Unique.of(toInt(i), itemScratch);
            NDArray[] rowsOf = new NDArray[4];
            for (int t = 0; t < 4; t++) {
                if (tables[t] != null) {
                    rowsOf[t] = tables[t].gather(m, (t % 2 == 0 ? us : is).distinct());
                }
            }
            NeuMfNetwork.Arrays a = new NeuMfNetwork.Arrays(rowsOf[0], rowsOf[1], dense.hg(), rowsOf[2], rowsOf[3],
                    dense.w(), dense.b(), dense.hm(), dense.bias());
            NDArray logits = NeuMfNetwork.logits(m.create(toLong(us.local())), m.create(toLong(is.local())), a);
            return NeuMfNetwork.bceLoss(logits, m.create(labels, new Shape(rows)));
        }

        private static int[] toInt(long[] v) {
            int[] out = new int[v.length];
            for (int k = 0; k < v.length; k++) {
                out[k] = (int) v[k];
            }
            return out;
        }

        private static long[] toLong(int[] v) {
            long[] out = new long[v.length];
            for (int k = 0; k < v.length; k++) {
                out[k] = v[k];
            }
            return out;
        }
    }
}
