package ai.affinity.deep.twotower;

import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.UserCatalog;
import ai.affinity.deep.train.BatchSource;
import ai.affinity.deep.train.EpochStats;
import ai.affinity.deep.train.Scalars;
import ai.affinity.deep.train.SparseEmbedding;
import ai.affinity.deep.train.TrainConfig;
import ai.affinity.deep.train.TrainingLoop;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.deep.train.Weights;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Fits a {@link TwoTower} with the shared {@link TrainingLoop} and exports a {@link TwoTowerModel}.
 * The DJL graph here and the Java forward pass of the model compute the same towers (a test checks
 * it); the graph additionally applies id dropout, samples the history and takes the loss.
 */
final class TwoTowerTrainer {
    private TwoTowerTrainer() {
    }

    static TwoTower.Fit fit(TwoTower cfg, TrainingData data, FitContext ctx, Consumer<EpochStats> onEpoch) {
        Interactions train = data.train();
        if (train.numEvents() == 0) {
            throw new IllegalArgumentException(TwoTower.NAME + ": the training data has no events");
        }
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) (ctx.seed() ^ (ctx.seed() >>> 32)));
        Map<String, String> params = new LinkedHashMap<>();
        cfg.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
        TrainConfig tc = new TrainConfig(cfg.epochs(), cfg.batchSize(), TrainConfig.Optimizer.ADAM, (float) cfg.lr(),
                (float) cfg.weightDecay(), 0, TrainConfig.Decay.CONSTANT, cfg.patience(), ctx.seed(), intraOpThreads(cfg, ctx),
                50, 1e3);
        try (NDManager root = engine.newBaseManager()) {
            Net net = new Net(cfg, data, root, new SplittableRandom(ctx.seed() ^ 0x2B992DDFA23249D6L));
            Source source = new Source(net, train);
            TrainingResult result = new TrainingLoop(TwoTower.NAME, tc, ctx.progress()).onEpoch(onEpoch)
                    .run(net.weights, source, data, () -> net.export(params));
            return new TwoTower.Fit(net.export(params), result);
        }
    }

    /**
     * PyTorch intra-op threads: {@code ctx.threads()}, except one when a batch's hidden layer has
     * fewer than 2^18 activations (the defaults on any data: 512 × 256): such ops are too small to
     * split, and on a busy machine OpenMP's spin-waiting made small fits many times slower with two
     * threads than with one (as for SASRec).
     */
    static int intraOpThreads(TwoTower cfg, FitContext ctx) {
        return (long) cfg.batchSize() * cfg.hidden() < (1 << 18) ? 1 : ctx.threads();
    }

    /** The trainable state and the towers as DJL graphs. */
    static final class Net {
        final TwoTower cfg;
        final int numItems;
        final FeatureSpace userSpace;
        final FeatureSpace itemSpace;
        final Weights weights;
        final SparseEmbedding hist;
        final SparseEmbedding itemId;
        final SparseEmbedding userFeat;
        final SparseEmbedding itemFeat;
        /** Item biases b_i (numItems × 1), null without {@code item_bias}. */
        final SparseEmbedding itemBias;
        /**
         * Segment biases S[a, i] ({@code segment_bias}), item-major: numItems × userSpace.rows(), null without.
         * Only the rows of {@link #segFields}' values are read.
         */
        final SparseEmbedding segBias;
        /** The user fields whose values carry segment biases (empty without {@code segment_bias}). */
        final int[] segFields;
        /** The items with training events, ascending ({@code full_softmax}'s columns). */
        final int[] warmItems;
        /** log scale g per history-length bucket (LENGTH_BUCKETS × 1), null without {@code length_scale}. */
        final SparseEmbedding lengthScale;
        /** Per user: feature rows; per item: feature rows per field, extra vectors, whether it has events. */
        final int[][] userRows;
        final int[] missingUserRows;
        final int[][][] itemRows;
        final float[][][] extras;
        final boolean[] warm;
        final int extraDim;
        /** Width of the item tower's non-id input (attribute embeddings and extra vectors). */
        final int contentIn;
        /** Whether the content bias {@code ⟨w, x_i⟩} ({@code content_bias}, weight {@code cb_w}) is trained. */
        final boolean contentBias;
        final int[] itemScratch;
        final int[] userFeatScratch;
        final int[] itemFeatScratch;

        Net(TwoTower cfg, TrainingData data, NDManager manager, SplittableRandom init) {
            this.cfg = cfg;
            Interactions train = data.train();
            numItems = train.numItems();
            UserCatalog users = data.users();
            ItemCatalog items = data.items();
            userSpace = FeatureSpace.ofUsers(users, train.numUsers(), cfg.band(), cfg.minCount());
            itemSpace = FeatureSpace.ofItems(items, numItems, cfg.band(), cfg.minCount());
            missingUserRows = userSpace.userRows(ai.affinity.data.UserFeatures.none());
            userRows = new int[train.numUsers()][];
            for (int u = 0; u < userRows.length; u++) {
                userRows[u] = userSpace.userRows(users.get(u));
            }
            itemRows = new int[numItems][][];
            extras = new float[numItems][][];
            warm = new boolean[numItems];
            for (int p = 0; p < train.numEvents(); p++) {
                warm[train.item(p)] = true;
            }
            int ed = 0;
            for (ItemInput in : cfg.itemInputs()) {
                ed += in.dim();
            }
            extraDim = ed;
            for (int i = 0; i < numItems; i++) {
                itemRows[i] = itemSpace.itemRows(items.get(i));
                extras[i] = new float[cfg.itemInputs().size()][];
                for (int k = 0; k < extras[i].length; k++) {
                    ItemInput in = cfg.itemInputs().get(k);
                    float[] v = in.vector(i);
                    if (v != null && v.length != in.dim()) {
                        throw new IllegalArgumentException(TwoTower.NAME + ": item input '" + in.name() + "' gave item "
                                + i + " a vector of " + v.length + " values, expected " + in.dim());
                    }
                    extras[i][k] = v;
                }
            }
            float wd = (float) cfg.weightDecay();
            weights = new Weights(manager);
            int emb = cfg.emb();
            int fd = cfg.featDim();
            hist = weights.addSparse(SparseEmbedding.gaussian("hist", Math.max(1, numItems), emb, 0.05, init, wd, false));
            itemId = weights.addSparse(SparseEmbedding.gaussian("item_id", Math.max(1, numItems), emb, 0.05, init, wd,
                    false));
            userFeat = weights.addSparse(SparseEmbedding.gaussian("user_feat", Math.max(1, userSpace.rows()), fd, 0.05,
                    init, wd, false));
            itemFeat = weights.addSparse(SparseEmbedding.gaussian("item_feat", Math.max(1, itemSpace.rows()), fd, 0.05,
                    init, wd, false));
            itemBias = cfg.itemBias() ? weights.addSparse(new SparseEmbedding("item_bias", Math.max(1, numItems), 1,
                    initialBias(train, warm), wd, false)) : null;
            segFields = cfg.segmentFields(userSpace);
            // Starts at 0: the prior begins as the item bias and moves where a segment's taste differs from it.
            segBias = segFields.length > 0 ? weights.addSparse(new SparseEmbedding("segment_bias", Math.max(1, numItems),
                    Math.max(1, userSpace.rows()), new float[Math.max(1, numItems) * Math.max(1, userSpace.rows())], wd,
                    false)) : null;
            int nw = 0;
            for (boolean w : warm) {
                nw += w ? 1 : 0;
            }
            warmItems = new int[nw];
            for (int i = 0, k = 0; i < numItems; i++) {
                if (warm[i]) {
                    warmItems[k++] = i;
                }
            }
            lengthScale = cfg.lengthScale() ? weights.addSparse(new SparseEmbedding("length_scale",
                    TwoTower.LENGTH_BUCKETS, 1, new float[TwoTower.LENGTH_BUCKETS], wd, false)) : null;
            int userIn = emb + userSpace.numFields() * fd;
            int itemIn = emb + itemSpace.numFields() * fd + extraDim;
            contentIn = itemIn - emb;
            contentBias = cfg.contentBias() && contentIn > 0;
            addLayer("u_w1", "u_b1", userIn, cfg.hidden(), init);
            addLayer("u_w2", "u_b2", cfg.hidden(), cfg.dim(), init);
            addLayer("i_w1", "i_b1", itemIn, cfg.hidden(), init);
            addLayer("i_w2", "i_b2", cfg.hidden(), cfg.dim(), init);
            if (cfg.attention() && userSpace.numFields() > 0) {
                addLayer("att_w", "att_b", userSpace.numFields() * fd, emb, init);
            } else if (cfg.attention()) {
                weights.add("att_b", new float[emb], emb);
            }
            if (contentBias) {
                // Starts at 0: the prior begins as the id bias alone (or none) and grows where content predicts it.
                int n = cfg.contentBiasMlp() ? cfg.hidden() : contentIn;
                weights.add("cb_w", new float[n], n, 1);
            }
            itemScratch = filled(Math.max(1, numItems));
            userFeatScratch = filled(Math.max(1, userSpace.rows()));
            itemFeatScratch = filled(Math.max(1, itemSpace.rows()));
        }

        /**
         * Item biases start at the warm items' log popularity, centred on its mean over warm items, so
         * 0 (an item with no events, or a dropped id) is the prior of an average item and training
         * starts from the popularity ranking instead of having to learn it through Adam's small steps.
         */
        static float[] initialBias(Interactions train, boolean[] warm) {
            int n = Math.max(1, train.numItems());
            long[] counts = new long[n];
            for (int p = 0; p < train.numEvents(); p++) {
                counts[train.item(p)]++;
            }
            double sum = 0;
            int w = 0;
            for (int i = 0; i < warm.length; i++) {
                if (warm[i]) {
                    sum += Math.log(counts[i]);
                    w++;
                }
            }
            double mean = w == 0 ? 0 : sum / w;
            float[] b = new float[n];
            for (int i = 0; i < warm.length; i++) {
                b[i] = warm[i] ? (float) (Math.log(counts[i]) - mean) : 0f;
            }
            return b;
        }

        private static int[] filled(int n) {
            int[] a = new int[n];
            Arrays.fill(a, -1);
            return a;
        }

        /** Glorot-uniform weights, zero bias. */
        private void addLayer(String w, String b, int in, int out, SplittableRandom rng) {
            float[] v = new float[in * out];
            double a = Math.sqrt(6.0 / (in + out));
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((2 * rng.nextDouble() - 1) * a);
            }
            weights.add(w, v, in, out);
            weights.add(b, new float[out], out);
        }

        /**
         * {@code view} (a reshape or slice of a weight) handed to the batch's manager {@code m}: an
         * operation's result belongs to its first operand's manager, here the fit's, where it would
         * stay until the fit ends.
         */
        private static NDArray batchLocal(NDArray view, NDManager m) {
            view.attach(m);
            return view;
        }

        private static NDArray mlp(NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
            NDArray y = Activation.relu(x.matMul(w1).add(b1)).matMul(w2).add(b2);
            return y.div(y.square().sum(new int[] {1}, true).add(Mlp.NORM_EPS).sqrt());
        }

        /**
         * User tower on a batch: {@code histIds} holds {@code width} history slots per example (-1 =
         * padding), {@code users} the example's user (feature rows; the missing rows where
         * {@code noFeatures[j]}, which may be null).
         */
        NDArray userTower(NDManager m, int[] users, boolean[] noFeatures, int[] histIds, int width) {
            int b = users.length;
            int emb = cfg.emb();
            int fd = cfg.featDim();
            int fields = userSpace.numFields();
            NDArray feat = null;
            if (fields > 0) {
                int[] ids = new int[b * fields];
                for (int j = 0; j < b; j++) {
                    int[] rows = noFeatures != null && noFeatures[j] ? missingUserRows : userRows[users[j]];
                    System.arraycopy(rows, 0, ids, j * fields, fields);
                }
                SparseEmbedding.Unique u = SparseEmbedding.Unique.of(ids, userFeatScratch);
                feat = SparseEmbedding.lookup(userFeat.gather(m, u.distinct()), u.local(), b, fields)
                        .reshape(b, (long) fields * fd);
            }
            SparseEmbedding.Unique h = SparseEmbedding.Unique.of(histIds, itemScratch);
            NDArray pooled;
            if (h.distinct().length == 0) {
                pooled = m.zeros(new Shape(b, emb));
            } else {
                NDArray rows = hist.gather(m, h.distinct());
                float[] mask = new float[b * width];
                int[] counts = new int[b];
                for (int p = 0; p < histIds.length; p++) {
                    if (histIds[p] >= 0) {
                        mask[p] = 1f;
                        counts[p / width]++;
                    }
                }
                if (!cfg.attention()) {
                    // Mean as a (B × distinct) pooling matrix times the gathered rows: no B × L × emb tensor.
                    int d = h.distinct().length;
                    float[] pool = new float[b * d];
                    for (int p = 0; p < histIds.length; p++) {
                        if (histIds[p] >= 0) {
                            int j = p / width;
                            pool[j * d + h.local()[p]] += 1f / counts[j];
                        }
                    }
                    pooled = m.create(pool, new Shape(b, d)).matMul(rows);
                } else {
                    NDArray e = SparseEmbedding.lookup(rows, h.local(), b, width); // B × L × emb
                    NDArray q = batchLocal(weights.get("att_b").reshape(1, emb), m);
                    if (feat != null) {
                        q = feat.matMul(weights.get("att_w")).add(q);
                    }
                    NDArray maskArr = m.create(mask, new Shape(b, width));
                    NDArray logits = Scalars.mul(e.mul(q.expandDims(1)).sum(new int[] {2}), (float) (1 / Math.sqrt(emb)))
                            .add(Scalars.mul(maskArr.sub(1f), 1e9f));
                    NDArray a = logits.softmax(1).mul(maskArr);
                    pooled = a.expandDims(2).mul(e).sum(new int[] {1});
                }
            }
            NDArray in = feat == null ? pooled : pooled.concat(feat, 1);
            return mlp(in, weights.get("u_w1"), weights.get("u_b1"), weights.get("u_w2"), weights.get("u_b2"));
        }

        /** Item tower on distinct items; {@code keepId[k]} false zeroes item k's id part (id dropout or no events). */
        NDArray itemTower(NDManager m, int[] items, boolean[] keepId) {
            return itemForward(m, items, keepId)[0];
        }

        /**
         * The item tower's output (C × dim) and, with {@code content_bias}, the content prior
         * {@code c_k = ⟨w, x_k⟩} of each item (C × 1, from the non-id input {@code x_k}; else null).
         */
        NDArray[] itemForward(NDManager m, int[] items, boolean[] keepId) {
            int c = items.length;
            NDArray id = itemId.gather(m, items);
            float[] keep = new float[c];
            for (int k = 0; k < c; k++) {
                keep[k] = keepId[k] ? 1f : 0f;
            }
            NDList parts = new NDList(id.mul(m.create(keep, new Shape(c, 1))));
            int fields = itemSpace.numFields();
            if (fields > 0) {
                int total = 0;
                for (int item : items) {
                    for (int[] r : itemRows[item]) {
                        total += r.length;
                    }
                }
                int[] ids = new int[total];
                int at = 0;
                for (int item : items) {
                    for (int[] r : itemRows[item]) {
                        System.arraycopy(r, 0, ids, at, r.length);
                        at += r.length;
                    }
                }
                SparseEmbedding.Unique u = SparseEmbedding.Unique.of(ids, itemFeatScratch);
                NDArray rows = itemFeat.gather(m, u.distinct());
                int d = u.distinct().length;
                for (int f = 0; f < fields; f++) {
                    float[] pool = new float[c * d];
                    at = 0;
                    for (int k = 0; k < c; k++) {
                        int[][] fr = itemRows[items[k]];
                        for (int g = 0; g < fields; g++) {
                            for (int t = 0; t < fr[g].length; t++) {
                                if (g == f) {
                                    pool[k * d + u.local()[at]] += 1f / fr[g].length;
                                }
                                at++;
                            }
                        }
                    }
                    parts.add(m.create(pool, new Shape(c, d)).matMul(rows));
                }
            }
            if (extraDim > 0) {
                float[] x = new float[c * extraDim];
                for (int k = 0; k < c; k++) {
                    int at = k * extraDim;
                    for (int e = 0; e < extras[items[k]].length; e++) {
                        float[] v = extras[items[k]][e];
                        int len = cfg.itemInputs().get(e).dim();
                        if (v != null) {
                            System.arraycopy(v, 0, x, at, len);
                        }
                        at += len;
                    }
                }
                parts.add(m.create(x, new Shape(c, extraDim)));
            }
            NDArray in = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
            NDArray v = mlp(in, weights.get("i_w1"), weights.get("i_b1"), weights.get("i_w2"), weights.get("i_b2"));
            NDArray prior = null;
            if (contentBias) {
                NDList content = new NDList(parts.subNDList(1));
                NDArray x = content.size() == 1 ? content.get(0) : NDArrays.concat(content, 1);
                if (cfg.contentBiasMlp()) {
                    // The tower's hidden layer on the id-less input [0 | x]: relu(x·W1[emb:] + b1).
                    NDArray w1 = batchLocal(weights.get("i_w1").get(cfg.emb() + ":"), m);
                    x = Activation.relu(x.matMul(w1).add(weights.get("i_b1")));
                }
                prior = x.matMul(weights.get("cb_w"));
            }
            return new NDArray[] {v, prior};
        }

        /** The current weights as a pure-Java model: item vectors from the Java item tower. */
        TwoTowerModel export(Map<String, String> params) {
            int emb = cfg.emb();
            int fd = cfg.featDim();
            Mlp userMlp = new Mlp(emb + userSpace.numFields() * fd, cfg.hidden(), cfg.dim(), weights.values("u_w1"),
                    weights.values("u_b1"), weights.values("u_w2"), weights.values("u_b2"));
            Mlp itemMlp = new Mlp(emb + itemSpace.numFields() * fd + extraDim, cfg.hidden(), cfg.dim(),
                    weights.values("i_w1"), weights.values("i_b1"), weights.values("i_w2"), weights.values("i_b2"));
            boolean att = cfg.attention();
            float[] attW = att && userSpace.numFields() > 0 ? weights.values("att_w") : new float[0];
            float[] attB = att ? weights.values("att_b") : new float[0];
            String[] names = cfg.itemInputs().stream().map(ItemInput::name).toArray(String[]::new);
            int[] dims = cfg.itemInputs().stream().mapToInt(ItemInput::dim).toArray();
            float[] userFeatTable = userSpace.rows() == 0 ? new float[0] : userFeat.table().clone();
            float[] itemFeatTable = itemSpace.rows() == 0 ? new float[0] : itemFeat.table().clone();
            float[] histTable = numItems == 0 ? new float[0] : hist.table().clone();
            TwoTowerModel shell = new TwoTowerModel(params, cfg.dim(), emb, fd, att, userSpace, itemSpace, numItems,
                    histTable, userFeatTable, itemFeatTable, attW, attB, userMlp, itemMlp, names, dims, 0, new float[0],
                    new float[0], new float[0], new float[0], false, new int[0], new float[0]);
            // τ·w: the content prior in score units, as the id bias is stored as τ·b_i.
            float[] priorW = contentBias ? weights.values("cb_w").clone() : new float[0];
            for (int k = 0; k < priorW.length; k++) {
                priorW[k] *= (float) cfg.temperature();
            }
            float[] vectors = new float[numItems * cfg.dim()];
            float[] in = new float[itemMlp.in()];
            float[] h = new float[itemMlp.hidden()];
            float[] out = new float[cfg.dim()];
            float[] idRow = new float[emb];
            float[] ids = itemId.table();
            for (int i = 0; i < numItems; i++) {
                System.arraycopy(ids, i * emb, idRow, 0, emb);
                shell.itemTower(warm[i] ? idRow : null, itemRows[i], extras[i], in, h, out);
                System.arraycopy(out, 0, vectors, i * cfg.dim(), cfg.dim());
            }
            float[] bias = new float[itemBias == null && !contentBias ? 0 : numItems];
            for (int i = 0; i < bias.length; i++) {
                // Scores are dot products; τ·b_i ranks as ⟨u, v_i⟩/τ + b_i does.
                float b = itemBias != null && warm[i] ? (float) (cfg.temperature() * itemBias.table()[i]) : 0f;
                if (contentBias) {
                    b += shell.contentPrior(itemRows[i], extras[i], priorW, cfg.contentBiasMlp(), in, h);
                }
                bias[i] = b;
            }
            float[] scales = new float[lengthScale == null ? 0 : TwoTower.LENGTH_BUCKETS];
            for (int k = 0; k < scales.length; k++) {
                scales[k] = (float) Math.exp(lengthScale.table()[k]);
            }
            // τ·S[a, i] in score units for items with events; 0 for the others, as for a dropped id.
            int r = userSpace.rows();
            float[] seg = new float[segBias == null ? 0 : numItems * r];
            for (int i = 0; i < numItems && segBias != null; i++) {
                if (warm[i]) {
                    for (int a = 0; a < r; a++) {
                        seg[i * r + a] = (float) (cfg.temperature() * segBias.table()[i * r + a]);
                    }
                }
            }
            return new TwoTowerModel(params, cfg.dim(), emb, fd, att, userSpace, itemSpace, numItems, histTable,
                    userFeatTable, itemFeatTable, attW, attB, userMlp, itemMlp, names, dims, numItems, vectors, bias, scales,
                    priorW, cfg.contentBiasMlp(), segBias == null ? new int[0] : segFields.clone(), seg);
        }
    }

    /** Two-tower's half of the loop: an example is one training event. */
    static final class Source implements BatchSource {
        private final Net net;
        private final int[] order;
        private final int[] userOf;
        private final int[] itemOf;
        /** Each user's distinct training items. */
        private final int[][] userItems;
        /** Each user's distinct training items in time order (first occurrence), for {@code prefix_history}. */
        private final int[][] timeOrdered;
        /** Column of each item in {@code full_softmax}'s logits ({@code net.warmItems} order), -1 for none. */
        private final int[] warmColumn;
        private final float[] logq;
        private int[] pick = new int[16];

        Source(Net net, Interactions train) {
            this.net = net;
            int n = train.numEvents();
            order = new int[n];
            userOf = new int[n];
            itemOf = new int[n];
            userItems = new int[train.numUsers()][];
            timeOrdered = new int[train.numUsers()][];
            boolean[] seen = new boolean[Math.max(1, train.numItems())];
            long[] counts = new long[Math.max(1, train.numItems())];
            int at = 0;
            for (int u = 0; u < train.numUsers(); u++) {
                int[] items = new int[train.userCount(u)];
                for (int p = train.start(u), k = 0; p < train.end(u); p++, k++) {
                    items[k] = train.item(p);
                    userOf[at] = u;
                    itemOf[at] = train.item(p);
                    counts[train.item(p)]++;
                    at++;
                }
                userItems[u] = Arrays.stream(items).sorted().distinct().toArray();
                timeOrdered[u] = firstOccurrences(items, seen);
            }
            warmColumn = new int[Math.max(1, train.numItems())];
            Arrays.fill(warmColumn, -1);
            for (int k = 0; k < net.warmItems.length; k++) {
                warmColumn[net.warmItems[k]] = k;
            }
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            logq = new float[counts.length];
            for (int i = 0; i < counts.length; i++) {
                logq[i] = counts[i] == 0 ? 0f : (float) Math.log((double) counts[i] / n);
            }
        }

        /** User {@code u}'s distinct training items in time order (tests). */
        int[] timeOrdered(int u) {
            return timeOrdered[u].clone();
        }

        @Override
        public int numExamples() {
            return order.length;
        }

        @Override
        public void startEpoch(int epoch, SplittableRandom rng) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }

        @Override
        public NDArray loss(NDManager m, int from, int to, long step, SplittableRandom rng) {
            TwoTower cfg = net.cfg;
            int b = to - from;
            int[] users = new int[b];
            int[] targets = new int[b];
            int width = 1;
            for (int j = 0; j < b; j++) {
                int e = order[from + j];
                users[j] = userOf[e];
                targets[j] = itemOf[e];
                width = Math.max(width, Math.min(cfg.maxHistory(), userItems[users[j]].length - 1));
            }
            boolean[] noFeatures = new boolean[b];
            int[] histIds = new int[b * width];
            Arrays.fill(histIds, -1);
            for (int j = 0; j < b; j++) {
                if (cfg.historyDropout() == 0 || rng.nextDouble() >= cfg.historyDropout()) {
                    int max = cfg.maxHistory();
                    if (cfg.prefixHistory() > 0 && rng.nextDouble() < cfg.prefixHistory()) {
                        prefix(timeOrdered[users[j]], targets[j], shortLength(max, rng.nextDouble()), histIds, j * width);
                    } else {
                        if (cfg.shortHistory() > 0 && rng.nextDouble() < cfg.shortHistory()) {
                            max = shortLength(max, rng.nextDouble());
                        }
                        sampleHistory(userItems[users[j]], targets[j], max, rng, histIds, j * width);
                    }
                    if (cfg.featureDropout() > 0 && rng.nextDouble() < cfg.featureDropout()) {
                        noFeatures[j] = true;
                    }
                }
            }
            NDArray u = net.userTower(m, users, noFeatures, histIds, width);
            if (net.lengthScale != null) {
                // e^{g(bucket of the example's history length)} times the user vector, as a one-hot matMul.
                float[] oneHot = new float[b * TwoTower.LENGTH_BUCKETS];
                for (int j = 0; j < b; j++) {
                    int n = 0;
                    for (int p = j * width; p < (j + 1) * width; p++) {
                        n += histIds[p] >= 0 ? 1 : 0;
                    }
                    oneHot[j * TwoTower.LENGTH_BUCKETS + TwoTower.lengthBucket(n)] = 1f;
                }
                int[] all = new int[TwoTower.LENGTH_BUCKETS];
                for (int k = 0; k < all.length; k++) {
                    all[k] = k;
                }
                NDArray g = m.create(oneHot, new Shape(b, TwoTower.LENGTH_BUCKETS))
                        .matMul(net.lengthScale.gather(m, all));
                u = u.mul(g.exp());
            }
            int[] items;
            int[] labels;
            if (cfg.fullSoftmax()) {
                // Every item with events is a column; nothing is sampled, so no logQ correction.
                items = net.warmItems;
                labels = new int[b];
                for (int j = 0; j < b; j++) {
                    labels[j] = warmColumn[targets[j]];
                }
            } else {
                SparseEmbedding.Unique t = SparseEmbedding.Unique.of(targets, net.itemScratch);
                items = t.distinct();
                labels = t.local();
            }
            boolean[] keep = new boolean[items.length];
            float[] lq = cfg.logq() && !cfg.fullSoftmax() ? new float[items.length] : null;
            for (int k = 0; k < items.length; k++) {
                keep[k] = net.warm[items[k]] && (cfg.idDropout() == 0 || rng.nextDouble() >= cfg.idDropout());
                if (lq != null) {
                    lq[k] = logq[items[k]];
                }
            }
            NDArray[] forward = net.itemForward(m, items, keep);
            NDArray v = forward[0];
            NDArray bias = null;
            float[] keepF = new float[items.length];
            for (int k = 0; k < items.length; k++) {
                keepF[k] = keep[k] ? 1f : 0f;
            }
            if (net.itemBias != null) {
                bias = net.itemBias.gather(m, items).mul(m.create(keepF, new Shape(items.length, 1)));
            }
            NDArray pairBias = null;
            if (net.segBias != null) {
                // Σ_f S[a_f(u_j), i_k] as (B × rows multi-hot of the users' values) · (C × rows)ᵀ, dropped with the id.
                int r = net.userSpace.rows();
                float[] multiHot = new float[b * r];
                for (int j = 0; j < b; j++) {
                    int[] rows = noFeatures[j] ? net.missingUserRows : net.userRows[users[j]];
                    for (int f : net.segFields) {
                        multiHot[j * r + rows[f]] += 1f;
                    }
                }
                NDArray seg = net.segBias.gather(m, items).mul(m.create(keepF, new Shape(items.length, 1)));
                pairBias = m.create(multiHot, new Shape(b, r)).matMul(seg.transpose());
            }
            if (forward[1] != null) {
                // The content prior is not dropped with the id: it is what a cold item's prior is made of.
                bias = bias == null ? forward[1] : bias.add(forward[1]);
            }
            NDArray loss = InBatchSoftmax.loss(u, v, bias, pairBias, lq, labels, (float) cfg.temperature());
            if (DEBUG_NAN && !Float.isFinite(loss.toFloatArray()[0])) {
                describeNonFinite(step, u, v, bias);
            }
            return loss;
        }

        /** Set AFFINITY_DEBUG_NAN=1 to print where a non-finite batch loss comes from (diagnostics only). */
        private static final boolean DEBUG_NAN = System.getenv("AFFINITY_DEBUG_NAN") != null;

        private void describeNonFinite(long step, NDArray u, NDArray v, NDArray bias) {
            StringBuilder sb = new StringBuilder("twotower non-finite loss at step " + step + ":");
            sb.append(" u ").append(stats(u.toFloatArray())).append(", v ").append(stats(v.toFloatArray()));
            if (bias != null) {
                sb.append(", bias ").append(stats(bias.toFloatArray()));
            }
            for (String name : net.weights.names()) {
                sb.append("\n  ").append(name).append(' ').append(stats(net.weights.values(name)));
            }
            for (SparseEmbedding e : net.weights.sparseTables()) {
                sb.append("\n  sparse ").append(e.name()).append(' ').append(stats(e.table()));
            }
            System.err.println(sb);
        }

        private static String stats(float[] a) {
            int bad = 0;
            double max = 0;
            for (float x : a) {
                if (!Float.isFinite(x)) {
                    bad++;
                } else {
                    max = Math.max(max, Math.abs(x));
                }
            }
            return "[" + a.length + " values, " + bad + " non-finite, max |x| " + (float) max + "]";
        }

        /**
         * A history length drawn log-uniformly from [1, max] given a uniform {@code x} in [0, 1):
         * {@code floor((max + 1)^x)}, so P(length ≤ k) = ln(k + 1) / ln(max + 1); with max 50 about
         * 46% of cut histories have at most 5 items, what a new user has revealed.
         */
        static int shortLength(int max, double x) {
            int k = (int) Math.floor(Math.exp(x * Math.log(max + 1.0)));
            return Math.max(1, Math.min(max, k));
        }

        /** {@code items}' distinct values in order of first occurrence ({@code seen}: all false, left all false). */
        static int[] firstOccurrences(int[] items, boolean[] seen) {
            int[] out = new int[items.length];
            int n = 0;
            for (int it : items) {
                if (!seen[it]) {
                    seen[it] = true;
                    out[n++] = it;
                }
            }
            for (int k = 0; k < n; k++) {
                seen[out[k]] = false;
            }
            return Arrays.copyOf(out, n);
        }

        /**
         * Writes the first {@code len} of the time-ordered {@code items} other than {@code target} (all of them when
         * fewer) at {@code out[at..]}: the events a new user reveals first.
         */
        static void prefix(int[] items, int target, int len, int[] out, int at) {
            int n = 0;
            for (int k = 0; k < items.length && n < len; k++) {
                if (items[k] != target) {
                    out[at + n++] = items[k];
                }
            }
        }

        /** Writes up to {@code max} of {@code items} other than {@code target} (a random subset when more) at {@code out[at..]}. */
        private void sampleHistory(int[] items, int target, int max, SplittableRandom rng, int[] out, int at) {
            int n = 0;
            if (pick.length < items.length) {
                pick = new int[items.length];
            }
            for (int it : items) {
                if (it != target) {
                    pick[n++] = it;
                }
            }
            int k = Math.min(max, n);
            if (k < n) {
                // Partial Fisher-Yates: the first k entries become a uniform random subset.
                for (int i = 0; i < k; i++) {
                    int j = i + rng.nextInt(n - i);
                    int tmp = pick[i];
                    pick[i] = pick[j];
                    pick[j] = tmp;
                }
            }
            System.arraycopy(pick, 0, out, at, k);
        }
    }
}
