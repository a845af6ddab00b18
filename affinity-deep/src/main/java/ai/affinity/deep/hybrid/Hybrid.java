package ai.affinity.deep.hybrid;

import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserCatalog;
import ai.affinity.deep.content.CachedEncoder;
import ai.affinity.deep.content.ContentEncoder;
import ai.affinity.deep.content.EmbeddingCache;
import ai.affinity.deep.twotower.ItemInput;
import ai.affinity.deep.twotower.TwoTower;
import ai.affinity.deep.twotower.TwoTowerModel;
import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.tune.SearchSpace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hybrid content model: a {@link TwoTower} whose item tower reads, next to the item's id
 * embedding and attribute embeddings, the frozen embeddings of its text, image and audio computed
 * by the content encoders ({@link Encoders}) through {@link CachedEncoder} (disk cache keyed by
 * encoder and content hash). Id dropout ({@code id_dropout}, default 0.5 here, DropoutNet) trains
 * the tower to place an item from content alone, which is how items with no training events
 * (cold items) get their vectors at fit time and brand-new items at query time
 * ({@link HybridModel#withNewItems}); new users are placed by their attributes and first events
 * (the user tower has no id). For new users with a handful of events the two-tower's defaults were
 * far below popularity (MovieLens 100K, 5 revealed events: NDCG@10 0.18 vs 0.45): the logQ-corrected
 * score ⟨u, v⟩/τ has to carry popularity through an L2-normalised user vector, which a short history
 * does not place well, and training only showed histories of up to 50 items. The hybrid therefore
 * turns on the two-tower's learned item prior ({@code item_bias=true}), trains on cut-short
 * histories ({@code short_history}, default {@value #DEFAULT_SHORT_HISTORY}) and uses temperature
 * {@value #DEFAULT_TEMPERATURE} and {@value #DEFAULT_EPOCHS} epochs (each chosen on a cold-users carve-out
 * of the training users; the cold-items carve-out had chosen the same temperature and epochs). With them,
 * new users score NDCG@10 0.39, still below segment popularity (0.47), warm users 0.40 (old defaults
 * 0.014), but cold items lost Recall@20 (0.16, was 0.29): affinity-bench/results/hybrid-cold-users-5.json.
 * What closed the gap to segment popularity was training on what a new user has, their first events in
 * time order ({@code prefix_history=0.3}, with {@code short_history=0}, three towers): NDCG@10 0.52 vs 0.47
 * (hybrid-cold-users-11.json). It is not a default because it cost cold items on their carve-out.
 * Each input vector is standardised per dimension over the catalogue
 * items that have it and divided by √dim (about unit norm, like the id part) (statistics kept in the model); items without a modality read zeros.
 *
 * <p>Parameters: {@code text=minilm|ngram|none} (default minilm), {@code image=cnn|none} (cnn),
 * {@code audio=logmel|cnn|tonal|none} (logmel), {@code attributes=true|false} (item attributes as
 * embeddings; true), {@code user_attributes=true|false} (true), {@code ensemble=K} (K towers fitted with
 * different seeds, scores averaged; 1), and every {@link TwoTower} parameter.
 * A modality that no catalogue item has is left out of the tower (so the same configuration runs
 * on any data; the fitted model lists the inputs it kept).
 *
 * @param text           text encoder choice
 * @param image          image encoder choice
 * @param audio          audio encoder choice
 * @param attributes     whether the item tower reads item attributes
 * @param userAttributes whether the user tower reads user attributes
 * @param tower          the two-tower configuration (its item inputs are replaced at fit time)
 * @param cache          embedding cache; null for {@link EmbeddingCache#defaultCache()}
 * @param ensemble       number of towers fitted with different seeds ({@code ensemble}, default 1) whose scores
 *                       the model averages: single fits of the MiniLM-input tower on MovieLens 100K land apart as the
 *                       fit seed changes, and the mean of several is steadier (the larger spread measured when this
 *                       was added, 0.2 to 0.44 validation NDCG@10 of new users for one seed, was mostly the
 *                       garbage-collector bug fixed by {@link ai.affinity.deep.train.Scalars})
 */
public record Hybrid(String text, String image, String audio, boolean attributes, boolean userAttributes,
                     TwoTower tower, EmbeddingCache cache, int ensemble) implements Algorithm<HybridModel> {
    /** Command-line name and saved-model kind. */
    public static final String NAME = "hybrid";

    /** What {@code affinity tune} searches (the tower; the inputs are chosen by hand or ablated). */
    public static final SearchSpace SEARCH_SPACE = SearchSpace.of(
            SearchSpace.choice("dim", 32, 64, 128),
            SearchSpace.choice("hidden", 128, 256, 512),
            SearchSpace.choice("temperature", 0.05, 0.1, 0.2),
            SearchSpace.choice("id_dropout", 0.3, 0.5, 0.7),
            SearchSpace.choice("epochs", 10, 20, 40),
            SearchSpace.logRange("lr", 3e-4, 3e-3, 3),
            SearchSpace.choice("batch", 256, 512, 1024),
            // The item prior helps warm and new users but costs cold items (validated on ml-100k): a per-task choice.
            SearchSpace.choice("item_bias", "true", "false"),
            // A content-predicted prior next to the id bias: cold and new items get a prior from their content.
            SearchSpace.choice("content_bias", "false", "true"),
            SearchSpace.choice("length_scale", "false", "true"),
            // Training histories that are a user's first events, as a new user's are (cold users).
            SearchSpace.choice("prefix_history", "0", "0.3"));

    static final double DEFAULT_ID_DROPOUT = 0.5;
    /** The hybrid scores with a learned item prior by default (cold users: see {@link Hybrid}). */
    static final boolean DEFAULT_ITEM_BIAS = true;
    /** Share of training examples whose history is cut short (cold users: see {@link Hybrid}). */
    static final double DEFAULT_SHORT_HISTORY = 0.3;
    /** Softmax temperature: 0.1 lets the item prior weigh more against ⟨u, v⟩ (chosen on validation). */
    static final double DEFAULT_TEMPERATURE = 0.1;
    /** Epochs (chosen on validation, cold users and cold items alike). */
    static final int DEFAULT_EPOCHS = 10;

    /** One tower (no ensemble). */
    public Hybrid(String text, String image, String audio, boolean attributes, boolean userAttributes, TwoTower tower,
                  EmbeddingCache cache) {
        this(text, image, audio, attributes, userAttributes, tower, cache, 1);
    }

    public Hybrid {
        if (ensemble < 1 || ensemble > 16) {
            throw new IllegalArgumentException("model 'hybrid': parameter 'ensemble' must be in [1, 16]; got " + ensemble);
        }
        text = choice(Encoders.TEXT, text);
        image = choice(Encoders.IMAGE, image);
        audio = choice(Encoders.AUDIO, audio);
        if (tower == null) {
            tower = towerDefaults();
        }
    }

    private static String choice(String modality, String value) {
        String v = value == null ? "none" : value.trim().toLowerCase(Locale.ROOT);
        if (!Encoders.choices(modality).contains(v)) {
            throw new IllegalArgumentException("model 'hybrid': parameter '" + modality + "' must be one of "
                    + String.join(", ", Encoders.choices(modality)) + "; got '" + value + "'");
        }
        return v;
    }

    /** The two-tower defaults with the hybrid's id dropout, item bias, short histories, temperature and epochs. */
    static TwoTower towerDefaults() {
        Map<String, String> p = new HashMap<>();
        putHybridDefaults(p);
        return TwoTower.fromParams(p);
    }

    private static void putHybridDefaults(Map<String, String> p) {
        p.putIfAbsent("id_dropout", Double.toString(DEFAULT_ID_DROPOUT));
        p.putIfAbsent("item_bias", Boolean.toString(DEFAULT_ITEM_BIAS));
        p.putIfAbsent("short_history", Double.toString(DEFAULT_SHORT_HISTORY));
        p.putIfAbsent("temperature", Double.toString(DEFAULT_TEMPERATURE));
        p.putIfAbsent("epochs", Integer.toString(DEFAULT_EPOCHS));
    }

    /** text=minilm, image=cnn, audio=logmel, attributes and user attributes on, default tower. */
    public static Hybrid defaults() {
        return new Hybrid("minilm", "cnn", "logmel", true, true, towerDefaults(), null);
    }

    /**
     * Builds from string parameters: the hybrid's own ({@code text, image, audio, attributes,
     * user_attributes}) and the two-tower's; unknown keys are rejected.
     */
    public static Hybrid fromParams(Map<String, String> values) {
        Map<String, String> rest = new LinkedHashMap<>(values);
        Hybrid d = defaults();
        String text = orDefault(rest.remove("text"), d.text);
        String image = orDefault(rest.remove("image"), d.image);
        String audio = orDefault(rest.remove("audio"), d.audio);
        boolean attributes = bool("attributes", rest.remove("attributes"), true);
        boolean userAttributes = bool("user_attributes", rest.remove("user_attributes"), true);
        String ens = rest.remove("ensemble");
        int ensemble;
        try {
            ensemble = ens == null ? 1 : Integer.parseInt(ens.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model 'hybrid': parameter 'ensemble' must be an integer; got '" + ens + "'");
        }
        putHybridDefaults(rest);
        TwoTower tower;
        try {
            tower = TwoTower.fromParams(rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("model 'twotower'", "model 'hybrid'"), e);
        }
        return new Hybrid(text, image, audio, attributes, userAttributes, tower, null, ensemble);
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    private static boolean bool(String key, String v, boolean d) {
        if (v == null) {
            return d;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("model 'hybrid': parameter '" + key
                    + "' must be true or false; got '" + v + "'");
        };
    }

    /** This configuration with another embedding cache (tests use a temporary folder). */
    public Hybrid withCache(EmbeddingCache c) {
        return new Hybrid(text, image, audio, attributes, userAttributes, tower, c, ensemble);
    }

    /** This configuration with another tower. */
    public Hybrid withTower(TwoTower t) {
        return new Hybrid(text, image, audio, attributes, userAttributes, t, cache, ensemble);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        m.put("image", image);
        m.put("audio", audio);
        m.put("attributes", attributes);
        m.put("user_attributes", userAttributes);
        if (ensemble > 1) {
            m.put("ensemble", ensemble);
        }
        tower.params().forEach((k, v) -> {
            if (!k.equals("item_inputs")) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** The modality choices in tower order, {@code none} left out. */
    List<String[]> chosen() {
        List<String[]> out = new ArrayList<>();
        for (String[] mc : new String[][] {{Encoders.TEXT, text}, {Encoders.IMAGE, image}, {Encoders.AUDIO, audio}}) {
            if (!mc[1].equals("none")) {
                out.add(mc);
            }
        }
        return out;
    }

    @Override
    public HybridModel fit(TrainingData data, FitContext ctx) {
        int n = data.train().numItems();
        List<ItemContent> contents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            contents.add(data.items().get(i));
        }
        EmbeddingCache c = cache == null ? EmbeddingCache.defaultCache() : cache;
        List<ItemInput> inputs = new ArrayList<>();
        List<HybridModel.Input> kept = new ArrayList<>();
        for (String[] mc : chosen()) {
            ContentEncoder enc = Encoders.create(mc[0], mc[1]);
            boolean[] has = new boolean[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                has[i] = enc.supports(contents.get(i));
                count += has[i] ? 1 : 0;
            }
            if (count == 0) {
                continue; // the data has no such content: an all-zero input would only cost time
            }
            float[][] raw = new CachedEncoder(enc, c).encode(contents, ctx.progress());
            HybridModel.Input in = HybridModel.Input.standardiser(mc[0], mc[1], enc, raw, has);
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = has[i] ? in.standardise(raw[i]) : null;
            }
            inputs.add(ItemInput.of(mc[0], enc.dim(), rows));
            kept.add(in);
        }
        ItemCatalog items = attributes ? data.items() : new ItemCatalog();
        UserCatalog users = userAttributes ? data.users() : new UserCatalog();
        TrainingData td = new TrainingData(data.train(), items, users, data.validation());
        List<TwoTowerModel> fitted = new ArrayList<>();
        for (int k = 0; k < ensemble; k++) {
            fitted.add(tower.withItemInputs(inputs).fit(td, ctx.member(k)));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params().forEach((k, v) -> params.put(k, String.valueOf(v)));
        return new HybridModel(params, attributes, kept, fitted);
    }
}
