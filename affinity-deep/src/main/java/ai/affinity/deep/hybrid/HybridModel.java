package ai.affinity.deep.hybrid;

import ai.affinity.data.ItemContent;
import ai.affinity.deep.content.ContentEncoder;
import ai.affinity.deep.twotower.TwoTowerModel;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted {@link Hybrid}: the fitted two-tower (every item's vector, the user tower, the item
 * tower's weights) plus, per content input, the encoder choice, the encoder's versioned name and
 * the standardisation statistics. Scoring is the two-tower's, in pure Java. A brand-new item is
 * embedded from its content alone ({@link #itemVector(ItemContent)}: the encoders run on it, the
 * item tower runs with a zero id part) and {@link #withNewItems} returns a model that scores it,
 * with no retraining. Encoders are rebuilt from their choices on first use (after loading too);
 * if a rebuilt encoder's name differs from the one trained with, embedding new content fails
 * rather than feeding the tower vectors from another encoder. Immutable and thread-safe.
 */
public final class HybridModel implements SavableModel {
    /** Payload 1: one tower; 2: the number of towers, then each (ensemble); 1 is still written for one tower. */
    private static final int VERSION = 1;
    private static final int VERSION_ENSEMBLE = 2;

    /** One content input: which encoder, and per-dimension mean and 1/(std·√dim) over the catalogue. */
    static final class Input {
        final String modality;
        final String choice;
        final String encoderName;
        final int dim;
        final float[] mean;
        final float[] scale;
        private volatile ContentEncoder encoder;

        Input(String modality, String choice, String encoderName, int dim, float[] mean, float[] scale,
              ContentEncoder encoder) {
            if (mean.length != dim || scale.length != dim) {
                throw new IllegalArgumentException("hybrid input '" + modality + "': statistics of " + mean.length
                        + " and " + scale.length + " values, expected " + dim);
            }
            this.modality = modality;
            this.choice = choice;
            this.encoderName = encoderName;
            this.dim = dim;
            this.mean = mean;
            this.scale = scale;
            this.encoder = encoder;
        }

        /** Statistics over the rows of the items that have the modality (dimensions with no variance read 0). */
        static Input standardiser(String modality, String choice, ContentEncoder enc, float[][] raw, boolean[] has) {
            int d = enc.dim();
            double[] sum = new double[d];
            double[] sq = new double[d];
            int n = 0;
            for (int i = 0; i < raw.length; i++) {
                if (has[i]) {
                    n++;
                    for (int j = 0; j < d; j++) {
                        sum[j] += raw[i][j];
                        sq[j] += (double) raw[i][j] * raw[i][j];
                    }
                }
            }
            float[] mean = new float[d];
            float[] scale = new float[d];
            for (int j = 0; j < d; j++) {
                double m = sum[j] / n;
                double var = Math.max(0, sq[j] / n - m * m);
                mean[j] = (float) m;
                // Per-dimension z-scores divided by √d: the whole vector has about unit norm, like the
                // id and attribute parts beside it. Plain z-scores (norm ≈ √384 ≈ 20 for MiniLM) drowned
                // the id embedding (norm ≈ 0.4 at start) and made fits erratic: whole-catalogue rankings
                // below popularity, warm NDCG@10 0.014 on ml-100k.
                scale[j] = var < 1e-12 ? 0f : (float) (1 / Math.sqrt(var * d));
            }
            return new Input(modality, choice, enc.name(), d, mean, scale, enc);
        }

        float[] standardise(float[] raw) {
            float[] out = new float[dim];
            for (int j = 0; j < dim; j++) {
                out[j] = (raw[j] - mean[j]) * scale[j];
            }
            return out;
        }

        ContentEncoder encoder() {
            ContentEncoder e = encoder;
            if (e == null) {
                e = Encoders.create(modality, choice);
                if (!e.name().equals(encoderName)) {
                    throw new IllegalStateException("hybrid: the model was trained with encoder '" + encoderName
                            + "' for " + modality + ", but this build has '" + e.name() + "'");
                }
                encoder = e;
            }
            return e;
        }
    }

    private final Map<String, String> params;
    private final boolean attributes;
    private final List<Input> inputs;
    private final TwoTowerModel tower;
    /** All towers (ensemble members, the first is {@link #tower}); scores are their mean. */
    private final List<TwoTowerModel> towers;
    private final ThreadLocal<float[]> scratch;

    HybridModel(Map<String, String> params, boolean attributes, List<Input> inputs, TwoTowerModel tower) {
        this(params, attributes, inputs, List.of(tower));
    }

    HybridModel(Map<String, String> params, boolean attributes, List<Input> inputs, List<TwoTowerModel> towers) {
        if (towers.isEmpty()) {
            throw new IllegalArgumentException("hybrid: no tower");
        }
        this.params = Map.copyOf(params);
        this.attributes = attributes;
        this.inputs = List.copyOf(inputs);
        this.towers = List.copyOf(towers);
        this.tower = towers.get(0);
        List<String> names = new ArrayList<>();
        for (Input in : inputs) {
            names.add(in.modality);
        }
        for (TwoTowerModel t : towers) {
            if (!names.equals(t.itemInputNames()) || t.numItems() != tower.numItems()) {
                throw new IllegalArgumentException("hybrid: inputs " + names + " differ from the tower's "
                        + t.itemInputNames() + " or the towers differ in items");
            }
        }
        this.scratch = ThreadLocal.withInitial(() -> new float[0]);
    }

    @Override
    public int numItems() {
        return tower.numItems();
    }

    @Override
    public void score(UserQuery query, float[] scoresOut) {
        tower.score(query, scoresOut);
        if (towers.size() == 1) {
            return;
        }
        float[] s = scratch.get();
        if (s.length < scoresOut.length) {
            s = new float[scoresOut.length];
            scratch.set(s);
        }
        for (int k = 1; k < towers.size(); k++) {
            towers.get(k).score(query, s);
            for (int i = 0; i < scoresOut.length; i++) {
                scoresOut[i] += s[i];
            }
        }
        float inv = 1f / towers.size();
        for (int i = 0; i < scoresOut.length; i++) {
            scoresOut[i] *= inv;
        }
    }

    /** The fitted two-tower (item vectors, user tower); with an ensemble, its first member. */
    public TwoTowerModel tower() {
        return tower;
    }

    /** All fitted towers (one unless {@code ensemble} > 1); the model's scores are their mean. */
    public List<TwoTowerModel> towers() {
        return towers;
    }

    /** Hyperparameters it was trained with. */
    public Map<String, String> params() {
        return params;
    }

    /** The content inputs the item tower reads, as {@code modality=choice} in tower order. */
    public List<String> inputs() {
        List<String> out = new ArrayList<>();
        for (Input in : inputs) {
            out.add(in.modality + "=" + in.choice);
        }
        return out;
    }

    /**
     * The vector of an item known only by its content: each encoder embeds it (an item lacking a
     * modality reads zeros there), the item tower runs with a zero id part (the first tower's, with an
     * ensemble).
     */
    public float[] itemVector(ItemContent content) {
        return tower.itemVector(attributes ? content : ItemContent.empty(), encode(content));
    }

    /**
     * The score prior of an item known only by its content ({@code content_bias}: a learned linear
     * function of its attribute embeddings and content vectors, in score units); 0 when the model has
     * no content bias.
     */
    public float itemPrior(ItemContent content) {
        return tower.hasContentBias() ? tower.itemPrior(attributes ? content : ItemContent.empty(), encode(content))
                : 0f;
    }
    // With an ensemble: the first tower's prior (as itemVector), each member's own in withNewItems.

    private Map<String, float[]> encode(ItemContent content) {
        Map<String, float[]> extra = new HashMap<>();
        for (Input in : inputs) {
            ContentEncoder e = in.encoder();
            if (e.supports(content)) {
                extra.put(in.modality, in.standardise(e.encodeOne(content)));
            }
        }
        return extra;
    }

    /**
     * This model with {@code items} appended as items {@code numItems() ...}, each placed by its
     * content alone (vector and, with {@code content_bias}, prior); they are scored from the next query
     * on, with no retraining.
     */
    public HybridModel withNewItems(List<ItemContent> items) {
        List<Map<String, float[]>> extras = new ArrayList<>(items.size());
        for (ItemContent c : items) {
            extras.add(encode(c));
        }
        List<TwoTowerModel> grown = new ArrayList<>(towers.size());
        for (TwoTowerModel t : towers) {
            List<float[]> vectors = new ArrayList<>(items.size());
            float[] priors = new float[items.size()];
            for (int k = 0; k < items.size(); k++) {
                ItemContent c = attributes ? items.get(k) : ItemContent.empty();
                vectors.add(t.itemVector(c, extras.get(k)));
                priors[k] = t.itemPrior(c, extras.get(k));
            }
            grown.add(t.withItems(vectors, priors));
        }
        return new HybridModel(params, attributes, inputs, grown);
    }

    @Override
    public String kind() {
        return Hybrid.NAME;
    }

    @Override
    public int payloadVersion() {
        return towers.size() == 1 ? VERSION : VERSION_ENSEMBLE;
    }

    @Override
    public void writePayload(ModelWriter out) throws IOException {
        out.writeStringMap(params);
        out.writeBoolean(attributes);
        out.writeInt(inputs.size());
        for (Input in : inputs) {
            out.writeString(in.modality);
            out.writeString(in.choice);
            out.writeString(in.encoderName);
            out.writeInt(in.dim);
            out.writeFloats(in.mean);
            out.writeFloats(in.scale);
        }
        if (towers.size() > 1) {
            out.writeInt(towers.size());
        }
        for (TwoTowerModel t : towers) {
            out.writeInt(t.payloadVersion());
            t.writePayload(out);
        }
    }

    /** Decodes what {@link #writePayload} wrote (registered with {@code ModelStore} as {@value Hybrid#NAME}). */
    public static HybridModel read(ModelReader in, int version) throws IOException {
        if (version != VERSION && version != VERSION_ENSEMBLE) {
            throw new IOException("hybrid model payload version " + version + " is not supported (expected " + VERSION
                    + " or " + VERSION_ENSEMBLE + ")");
        }
        Map<String, String> params = new LinkedHashMap<>(in.readStringMap());
        boolean attributes = in.readBoolean();
        int n = in.readInt();
        if (n < 0 || n > 16) {
            throw new IOException("hybrid model: bad number of inputs " + n);
        }
        List<Input> inputs = new ArrayList<>();
        try {
            for (int k = 0; k < n; k++) {
                String modality = in.readString();
                String choice = in.readString();
                String encoderName = in.readString();
                int dim = in.readInt();
                float[] mean = in.readFloats();
                float[] scale = in.readFloats();
                if (!Encoders.choices(modality).contains(choice) || choice.equals("none")) {
                    throw new IOException("hybrid model: unknown encoder " + modality + "=" + choice);
                }
                inputs.add(new Input(modality, choice, encoderName, dim, mean, scale, null));
            }
            int count = version == VERSION ? 1 : in.readInt();
            if (count < 1 || count > 16) {
                throw new IOException("hybrid model: bad number of towers " + count);
            }
            List<TwoTowerModel> towers = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                towers.add(TwoTowerModel.read(in, in.readInt()));
            }
            return new HybridModel(params, attributes, inputs, towers);
        } catch (IllegalArgumentException e) {
            throw new IOException("hybrid model: " + e.getMessage(), e);
        }
    }
}
