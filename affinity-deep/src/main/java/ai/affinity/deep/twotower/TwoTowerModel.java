package ai.affinity.deep.twotower;

import ai.affinity.data.History;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserFeatures;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted {@link TwoTower}: every item's tower output (L2-normalised, {@code dim} floats) and the
 * user tower's weights, all in Java arrays. A query is scored by running the user tower in pure
 * Java on the query's history (its distinct items, mean- or attention-pooled history embeddings)
 * and features, then taking the dot product with every item vector (the temperature and the logQ
 * correction are training-only: neither changes the ranking of one user's items). There is no user
 * id embedding, so known users, unknown users with history or features, and events that arrived
 * after training are all scored alike, without retraining. History items past the trained
 * catalogue are skipped.
 *
 * <p>Brand-new items: {@link #itemVector(ItemContent, Map)} runs the item tower in Java on an item's
 * attributes and extra input vectors alone (the id part is zero, the state id dropout trains for);
 * {@link #withItems} returns a model that also scores such items. Items that had no training events
 * got their vectors the same way at fit time.
 *
 * <p>Immutable and thread-safe (per-thread scratch; no native calls).
 */
public final class TwoTowerModel implements SavableModel {
    /**
     * Payload 1: no item bias or length scale; 2: after the item vectors, the item biases and the length
     * scales (either may be empty; written only when the model has one of them); 3: as 2, then the content
     * bias weights (written only when the model has them); 4: as 3 with the content bias always written (maybe
     * empty), then the segment-bias fields and table (written only when the model has a segment bias). Older
     * payloads still load.
     */
    private static final int VERSION = 1;
    private static final int VERSION_BIAS = 2;
    private static final int VERSION_CONTENT_BIAS = 3;
    private static final int VERSION_SEGMENT_BIAS = 4;

    private final Map<String, String> params;
    private final int dim;
    private final int emb;
    private final int featDim;
    private final boolean attention;
    private final FeatureSpace userSpace;
    private final FeatureSpace itemSpace;
    /** History embeddings of the trained items (histItems × emb). */
    private final int histItems;
    private final float[] hist;
    private final float[] userFeat;
    private final float[] itemFeat;
    /** Attention query from the user features: (numUserFields·featDim) × emb, and emb. Empty without attention. */
    private final float[] attW;
    private final float[] attB;
    private final Mlp userMlp;
    private final Mlp itemMlp;
    private final String[] inputNames;
    private final int[] inputDims;
    private final int numItems;
    private final float[] itemVectors;
    /**
     * τ·(b_i + c_i) per item ({@code item_bias}, {@code content_bias}), added to the dot product; empty
     * without either.
     */
    private final float[] itemBias;
    /**
     * τ·w of {@code content_bias} over the item tower's non-id input (attribute embeddings, extra
     * vectors), or over the item tower's hidden layer on that input with {@code content_bias_mlp}, so an
     * item known by its content alone gets the prior {@code ⟨τ·w, x⟩} (or {@code ⟨τ·w, relu(W1ᵀ[0 | x] +
     * b1)⟩}); empty without.
     */
    private final float[] contentBiasW;
    private final boolean contentBiasMlp;
    /** e^{g} per history-length bucket ({@code length_scale}), multiplying the user vector; empty without. */
    private final float[] lengthScale;
    /** The user fields with segment biases ({@code segment_bias}); empty without. */
    private final int[] segmentFields;
    /** τ·S[a, i], item-major (numItems × userSpace.rows()), added for the query's value a of each segment field; empty without. */
    private final float[] segmentBias;
    private final ThreadLocal<Scratch> scratch;

    TwoTowerModel(Map<String, String> params, int dim, int emb, int featDim, boolean attention, FeatureSpace userSpace,
                  FeatureSpace itemSpace, int histItems, float[] hist, float[] userFeat, float[] itemFeat, float[] attW,
                  float[] attB, Mlp userMlp, Mlp itemMlp, String[] inputNames, int[] inputDims, int numItems,
                  float[] itemVectors, float[] itemBias, float[] lengthScale, float[] contentBiasW,
                  boolean contentBiasMlp, int[] segmentFields, float[] segmentBias) {
        check(hist.length == (long) histItems * emb, "history table has " + hist.length + " values, expected "
                + (long) histItems * emb);
        check(userFeat.length == userSpace.rows() * featDim && itemFeat.length == itemSpace.rows() * featDim,
                "feature tables do not match their vocabularies");
        check(userMlp.in() == emb + userSpace.numFields() * featDim && userMlp.out() == dim,
                "user tower input/output sizes do not match");
        int itemIn = emb + itemSpace.numFields() * featDim + Arrays.stream(inputDims).sum();
        check(itemMlp.in() == itemIn && itemMlp.out() == dim, "item tower input/output sizes do not match");
        check(!attention || (attW.length == userSpace.numFields() * featDim * emb && attB.length == emb),
                "attention weights do not match");
        check(inputNames.length == inputDims.length, "item input names and dims differ in number");
        check(itemVectors.length == (long) numItems * dim, "item vectors: " + itemVectors.length + " values, expected "
                + (long) numItems * dim);
        check(itemBias.length == 0 || itemBias.length == numItems, "item bias: " + itemBias.length
                + " values, expected 0 or " + numItems);
        check(lengthScale.length == 0 || lengthScale.length == TwoTower.LENGTH_BUCKETS, "length scale: "
                + lengthScale.length + " values, expected 0 or " + TwoTower.LENGTH_BUCKETS);
        int priorIn = contentBiasMlp ? itemMlp.hidden() : itemIn - emb;
        check(contentBiasW.length == 0 || contentBiasW.length == priorIn, "content bias: "
                + contentBiasW.length + " weights, expected 0 or " + priorIn);
        check(contentBiasW.length == 0 || itemBias.length == numItems, "content bias without item priors");
        check(segmentFields.length == 0 ? segmentBias.length == 0
                : segmentBias.length == (long) numItems * userSpace.rows(), "segment bias: " + segmentBias.length
                + " values for " + segmentFields.length + " fields, expected " + (long) numItems * userSpace.rows());
        for (int f : segmentFields) {
            check(f >= 0 && f < userSpace.numFields(), "segment bias field " + f + " out of range");
        }
        this.params = Map.copyOf(params);
        this.dim = dim;
        this.emb = emb;
        this.featDim = featDim;
        this.attention = attention;
        this.userSpace = userSpace;
        this.itemSpace = itemSpace;
        this.histItems = histItems;
        this.hist = hist;
        this.userFeat = userFeat;
        this.itemFeat = itemFeat;
        this.attW = attW;
        this.attB = attB;
        this.userMlp = userMlp;
        this.itemMlp = itemMlp;
        this.inputNames = inputNames;
        this.inputDims = inputDims;
        this.numItems = numItems;
        this.itemVectors = itemVectors;
        this.itemBias = itemBias;
        this.lengthScale = lengthScale;
        this.contentBiasW = contentBiasW;
        this.contentBiasMlp = contentBiasMlp;
        this.segmentFields = segmentFields;
        this.segmentBias = segmentBias;
        this.scratch = ThreadLocal.withInitial(Scratch::new);
    }

    private final class Scratch {
        final float[] userIn = new float[userMlp.in()];
        final float[] userH = new float[userMlp.hidden()];
        final float[] user = new float[dim];
        final float[] itemIn = new float[itemMlp.in()];
        final float[] itemH = new float[itemMlp.hidden()];
        final float[] query = new float[emb];
        int[] items = new int[16];
        float[] weights = new float[16];
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Output dimension of both towers. */
    public int dim() {
        return dim;
    }

    /** Hyperparameters it was trained with (for display). */
    public Map<String, String> params() {
        return params;
    }

    /** Names of the item tower's extra inputs, in tower order (see {@link ItemInput}). */
    public List<String> itemInputNames() {
        return List.of(inputNames);
    }

    /** Lengths of the item tower's extra inputs, in {@link #itemInputNames()} order. */
    public int[] itemInputDims() {
        return inputDims.clone();
    }

    @Override
    public void score(UserQuery query, float[] scoresOut) {
        Scratch s = scratch.get();
        userVector(query, s, s.user);
        float[] u = s.user;
        for (int i = 0; i < numItems; i++) {
            int r = i * dim;
            float dot = 0f;
            for (int j = 0; j < dim; j++) {
                dot += u[j] * itemVectors[r + j];
            }
            scoresOut[i] = dot;
        }
        for (int i = 0; i < itemBias.length; i++) {
            scoresOut[i] += itemBias[i];
        }
        if (segmentFields.length > 0) {
            int[] rows = userSpace.userRows(query.features());
            for (int i = 0; i < numItems; i++) {
                scoresOut[i] += segmentBias(i, rows);
            }
        }
    }

    /** Whether the scores include segment biases ({@code segment_bias}). */
    public boolean hasSegmentBias() {
        return segmentFields.length > 0;
    }

    /** τ·Σ_f S[a_f, item] for a user with {@code features} (0 without a segment bias). */
    public float segmentBias(int item, UserFeatures features) {
        return segmentFields.length == 0 ? 0f : segmentBias(item, userSpace.userRows(features));
    }

    /** τ·Σ_f S[a_f, item] given the user's feature rows ({@link FeatureSpace#userRows}). */
    private float segmentBias(int item, int[] userRows) {
        int base = item * userSpace.rows();
        float add = 0f;
        for (int f : segmentFields) {
            add += segmentBias[base + userRows[f]];
        }
        return add;
    }

    /** Whether the scores include a learned item prior ({@code item_bias} and/or {@code content_bias}). */
    public boolean hasItemBias() {
        return itemBias.length > 0;
    }

    /** Whether the item prior has a content part ({@code content_bias}) that new items get too. */
    public boolean hasContentBias() {
        return contentBiasW.length > 0;
    }

    /** The factor on the user vector for a history of {@code n} distinct known items (1 without {@code length_scale}). */
    public float lengthScale(int n) {
        return lengthScale.length == 0 ? 1f : lengthScale[TwoTower.lengthBucket(n)];
    }

    /** Item {@code item}'s prior added to its score (τ·(b_i + c_i)), 0 without an item or content bias. */
    public float itemBias(int item) {
        return itemBias.length == 0 ? 0f : itemBias[item];
    }

    /** The user tower's output for a query (history and features; the user index is not used). */
    public float[] userVector(UserQuery query) {
        float[] out = new float[dim];
        userVector(query, scratch.get(), out);
        return out;
    }

    /** A copy of all item vectors, {@code numItems() × dim()} row-major (e.g. for an ANN index). */
    public float[] itemVectors() {
        return itemVectors.clone();
    }

    /** A copy of the vector of item {@code item}. */
    public float[] itemVector(int item) {
        return Arrays.copyOfRange(itemVectors, item * dim, (item + 1) * dim);
    }

    /**
     * The item tower's output for an item known only by its attributes and extra input vectors
     * (the id embedding part is zero, as for an item dropped by id dropout in training).
     *
     * @param content its attributes (categorical and numeric; unknown values count as missing)
     * @param extra   vectors by {@link ItemInput#name()}; a missing name reads as zeros
     * @throws IllegalArgumentException when a vector has the wrong length or names an input the
     *                                  tower does not have
     */
    public float[] itemVector(ItemContent content, Map<String, float[]> extra) {
        for (String name : extra.keySet()) {
            if (!Arrays.asList(inputNames).contains(name)) {
                throw new IllegalArgumentException("twotower: no item input named '" + name + "'; have "
                        + Arrays.toString(inputNames));
            }
        }
        float[][] vectors = new float[inputNames.length][];
        for (int k = 0; k < inputNames.length; k++) {
            vectors[k] = extra.get(inputNames[k]);
        }
        float[] out = new float[dim];
        Scratch s = scratch.get();
        itemTower(null, itemSpace.itemRows(content), vectors, s.itemIn, s.itemH, out);
        return out;
    }

    /**
     * The prior a brand-new item gets from its content ({@code content_bias}): {@code τ·⟨w, x⟩} over
     * the same non-id tower input as {@link #itemVector(ItemContent, Map)} (arguments as there); 0
     * without a content bias.
     */
    public float itemPrior(ItemContent content, Map<String, float[]> extra) {
        if (contentBiasW.length == 0) {
            return 0f;
        }
        float[][] vectors = new float[inputNames.length][];
        for (int k = 0; k < inputNames.length; k++) {
            vectors[k] = extra.get(inputNames[k]);
        }
        Scratch s = scratch.get();
        return contentPrior(itemSpace.itemRows(content), vectors, contentBiasW, contentBiasMlp, s.itemIn, s.itemH);
    }

    /**
     * This model with {@code newItemVectors} (each {@link #dim()} long, e.g. from
     * {@link #itemVector(ItemContent, Map)}) appended as items {@code numItems() ...}: they are
     * scored from the next query on, with no retraining. With an item prior they get 0, the prior of
     * an item whose id was dropped in training and that has no content prior; use
     * {@link #withItems(List, float[])} to pass their content priors.
     */
    public TwoTowerModel withItems(List<float[]> newItemVectors) {
        return withItems(newItemVectors, new float[newItemVectors.size()]);
    }

    /**
     * {@link #withItems(List)} with each new item's prior ({@link #itemPrior(ItemContent, Map)}, in
     * the same order); the priors are ignored when the model has no item prior.
     */
    public TwoTowerModel withItems(List<float[]> newItemVectors, float[] priors) {
        check(priors.length == newItemVectors.size(), "new item priors: " + priors.length + " values, expected "
                + newItemVectors.size());
        float[] all = Arrays.copyOf(itemVectors, itemVectors.length + newItemVectors.size() * dim);
        int at = itemVectors.length;
        for (float[] v : newItemVectors) {
            check(v.length == dim, "new item vector has " + v.length + " values, expected " + dim);
            System.arraycopy(v, 0, all, at, dim);
            at += dim;
        }
        float[] bias = itemBias;
        if (itemBias.length > 0) {
            bias = Arrays.copyOf(itemBias, numItems + newItemVectors.size());
            System.arraycopy(priors, 0, bias, numItems, priors.length);
        }
        // New items have no id, so no segment bias (0, as for a dropped id in training).
        float[] seg = segmentFields.length == 0 ? segmentBias
                : Arrays.copyOf(segmentBias, (numItems + newItemVectors.size()) * userSpace.rows());
        return new TwoTowerModel(params, dim, emb, featDim, attention, userSpace, itemSpace, histItems, hist, userFeat,
                itemFeat, attW, attB, userMlp, itemMlp, inputNames, inputDims, numItems + newItemVectors.size(), all,
                bias, lengthScale, contentBiasW, contentBiasMlp, segmentFields, seg);
    }

    /**
     * The item tower in Java: input {@code [id row (or zeros) | mean of each field's token rows |
     * extra vectors (or zeros)]} through the MLP, normalised, into {@code out}.
     */
    void itemTower(float[] idRow, int[][] fieldRows, float[][] extra, float[] in, float[] h, float[] out) {
        itemInput(idRow, fieldRows, extra, in);
        itemMlp.forward(in, h, out);
    }

    /**
     * {@code ⟨w, x⟩} over the non-id part {@code x} of the item tower's input (built into {@code in}), or with
     * {@code hidden} {@code ⟨w, relu(W1ᵀ[0 | x] + b1)⟩} ({@code h}: scratch of the hidden width).
     */
    float contentPrior(int[][] fieldRows, float[][] extra, float[] w, boolean hidden, float[] in, float[] h) {
        itemInput(null, fieldRows, extra, in);
        double dot = 0;
        if (hidden) {
            itemMlp.preActivation(in, h);
            for (int k = 0; k < w.length; k++) {
                dot += (double) w[k] * Math.max(0f, h[k]);
            }
        } else {
            for (int k = 0; k < w.length; k++) {
                dot += (double) w[k] * in[emb + k];
            }
        }
        return (float) dot;
    }

    /** The item tower's input {@code [id row (or zeros) | field means | extra vectors (or zeros)]} into {@code in}. */
    private void itemInput(float[] idRow, int[][] fieldRows, float[][] extra, float[] in) {
        Arrays.fill(in, 0f);
        if (idRow != null) {
            System.arraycopy(idRow, 0, in, 0, emb);
        }
        int at = emb;
        for (int[] rows : fieldRows) {
            float w = 1f / rows.length;
            for (int r : rows) {
                for (int j = 0; j < featDim; j++) {
                    in[at + j] += w * itemFeat[r * featDim + j];
                }
            }
            at += featDim;
        }
        for (int k = 0; k < inputDims.length; k++) {
            float[] v = extra[k];
            if (v != null) {
                check(v.length == inputDims[k], "item input '" + inputNames[k] + "' has " + v.length
                        + " values, expected " + inputDims[k]);
                System.arraycopy(v, 0, in, at, inputDims[k]);
            }
            at += inputDims[k];
        }
    }

    private void userVector(UserQuery query, Scratch s, float[] out) {
        float[] in = s.userIn;
        Arrays.fill(in, 0f);
        UserFeatures features = query.features();
        int[] rows = userSpace.userRows(features);
        for (int f = 0; f < rows.length; f++) {
            System.arraycopy(userFeat, rows[f] * featDim, in, emb + f * featDim, featDim);
        }
        int n = distinctKnownItems(query.history(), s);
        if (n > 0) {
            if (attention) {
                attend(s, n, in);
            } else {
                float w = 1f / n;
                for (int k = 0; k < n; k++) {
                    int base = s.items[k] * emb;
                    for (int j = 0; j < emb; j++) {
                        in[j] += w * hist[base + j];
                    }
                }
            }
        }
        userMlp.forward(in, s.userH, out);
        if (lengthScale.length > 0) {
            float c = lengthScale[TwoTower.lengthBucket(n)];
            for (int j = 0; j < dim; j++) {
                out[j] *= c;
            }
        }
    }

    /** Attention pooling: query from the user features, softmax over the history of (e·q)/√emb. */
    private void attend(Scratch s, int n, float[] in) {
        float[] q = s.query;
        System.arraycopy(attB, 0, q, 0, emb);
        int featIn = userSpace.numFields() * featDim;
        for (int k = 0; k < featIn; k++) {
            float x = in[emb + k];
            if (x != 0f) {
                for (int j = 0; j < emb; j++) {
                    q[j] += x * attW[k * emb + j];
                }
            }
        }
        float scale = (float) (1 / Math.sqrt(emb));
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            int base = s.items[k] * emb;
            float dot = 0f;
            for (int j = 0; j < emb; j++) {
                dot += hist[base + j] * q[j];
            }
            s.weights[k] = dot * scale;
            max = Math.max(max, s.weights[k]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            s.weights[k] = (float) Math.exp(s.weights[k] - max);
            sum += s.weights[k];
        }
        for (int k = 0; k < n; k++) {
            float w = (float) (s.weights[k] / sum);
            int base = s.items[k] * emb;
            for (int j = 0; j < emb; j++) {
                in[j] += w * hist[base + j];
            }
        }
    }

    /** The history's distinct items with history embeddings, in first-seen order, into {@code s.items}. */
    private int distinctKnownItems(History h, Scratch s) {
        int size = h.size();
        if (s.items.length < size) {
            s.items = new int[size];
            s.weights = new float[size];
        }
        int n = 0;
        for (int p = 0; p < size; p++) {
            int it = h.item(p);
            if (it >= 0 && it < histItems) {
                s.items[n++] = it;
            }
        }
        // Sort and dedupe: one vote per item, as in training (Interactions hold each pair once).
        Arrays.sort(s.items, 0, n);
        int d = 0;
        for (int k = 0; k < n; k++) {
            if (d == 0 || s.items[d - 1] != s.items[k]) {
                s.items[d++] = s.items[k];
            }
        }
        return d;
    }

    @Override
    public String kind() {
        return TwoTower.NAME;
    }

    @Override
    public int payloadVersion() {
        if (segmentFields.length > 0) {
            return VERSION_SEGMENT_BIAS;
        }
        if (contentBiasW.length > 0) {
            return VERSION_CONTENT_BIAS;
        }
        return itemBias.length == 0 && lengthScale.length == 0 ? VERSION : VERSION_BIAS;
    }

    @Override
    public void writePayload(ModelWriter out) throws IOException {
        out.writeStringMap(params);
        out.writeInt(dim);
        out.writeInt(emb);
        out.writeInt(featDim);
        out.writeBoolean(attention);
        userSpace.write(out);
        itemSpace.write(out);
        out.writeInt(histItems);
        out.writeFloats(hist);
        out.writeFloats(userFeat);
        out.writeFloats(itemFeat);
        out.writeFloats(attW);
        out.writeFloats(attB);
        userMlp.write(out);
        itemMlp.write(out);
        out.writeInt(inputNames.length);
        for (int k = 0; k < inputNames.length; k++) {
            out.writeString(inputNames[k]);
            out.writeInt(inputDims[k]);
        }
        out.writeInt(numItems);
        out.writeFloats(itemVectors);
        if (payloadVersion() >= VERSION_BIAS) {
            out.writeFloats(itemBias);
            out.writeFloats(lengthScale);
        }
        if (payloadVersion() >= VERSION_CONTENT_BIAS) {
            out.writeBoolean(contentBiasMlp);
            out.writeFloats(contentBiasW);
        }
        if (payloadVersion() >= VERSION_SEGMENT_BIAS) {
            out.writeInt(segmentFields.length);
            for (int f : segmentFields) {
                out.writeInt(f);
            }
            out.writeFloats(segmentBias);
        }
    }

    /** Decodes what {@link #writePayload} wrote (registered with {@code ModelStore} as {@value TwoTower#NAME}). */
    public static TwoTowerModel read(ModelReader in, int version) throws IOException {
        if (version < VERSION || version > VERSION_SEGMENT_BIAS) {
            throw new IOException("twotower model payload version " + version + " is not supported (expected " + VERSION
                    + " to " + VERSION_SEGMENT_BIAS + ")");
        }
        Map<String, String> params = new LinkedHashMap<>(in.readStringMap());
        int dim = in.readInt();
        int emb = in.readInt();
        int featDim = in.readInt();
        boolean attention = in.readBoolean();
        FeatureSpace userSpace = FeatureSpace.read(in);
        FeatureSpace itemSpace = FeatureSpace.read(in);
        int histItems = in.readInt();
        float[] hist = in.readFloats();
        float[] userFeat = in.readFloats();
        float[] itemFeat = in.readFloats();
        float[] attW = in.readFloats();
        float[] attB = in.readFloats();
        Mlp userMlp = Mlp.read(in);
        Mlp itemMlp = Mlp.read(in);
        int inputs = in.readInt();
        if (inputs < 0 || inputs > 1000) {
            throw new IOException("twotower model: bad number of item inputs " + inputs);
        }
        String[] names = new String[inputs];
        int[] dims = new int[inputs];
        for (int k = 0; k < inputs; k++) {
            names[k] = in.readString();
            dims[k] = in.readInt();
        }
        int numItems = in.readInt();
        float[] vectors = in.readFloats();
        float[] bias = version >= VERSION_BIAS ? in.readFloats() : new float[0];
        float[] scales = version >= VERSION_BIAS ? in.readFloats() : new float[0];
        boolean contentMlp = version >= VERSION_CONTENT_BIAS && in.readBoolean();
        float[] contentW = version >= VERSION_CONTENT_BIAS ? in.readFloats() : new float[0];
        int[] segFields = new int[0];
        float[] seg = new float[0];
        if (version >= VERSION_SEGMENT_BIAS) {
            int n = in.readInt();
            if (n < 0 || n > userSpace.numFields()) {
                throw new IOException("twotower model: bad number of segment-bias fields " + n);
            }
            segFields = new int[n];
            for (int k = 0; k < n; k++) {
                segFields[k] = in.readInt();
            }
            seg = in.readFloats();
        }
        try {
            return new TwoTowerModel(params, dim, emb, featDim, attention, userSpace, itemSpace, histItems, hist, userFeat,
                    itemFeat, attW, attB, userMlp, itemMlp, names, dims, numItems, vectors, bias, scales, contentW,
                    contentMlp, segFields, seg);
        } catch (IllegalArgumentException e) {
            throw new IOException("twotower model: " + e.getMessage(), e);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
