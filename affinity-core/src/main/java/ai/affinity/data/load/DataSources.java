package ai.affinity.data.load;

import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.LoadReport;
import ai.affinity.data.UserCatalog;
import ai.affinity.data.synthetic.AffinityDirFormat;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.data.synthetic.SyntheticSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Entry point for loading data sets by a {@code FORMAT:PATH} spec, through an explicit registry
 * of format name → {@link DatasetLoader}.
 *
 * <p>Built-in formats:
 * <ul>
 *   <li>{@code ml-100k}: directory with u.data (required), u.item, u.user, u.genre, u.occupation;
 *   <li>{@code ml-1m}, {@code ml-10m}: directory with ratings.dat (required), movies.dat, users.dat
 *       (1M), tags.dat (10M);
 *   <li>{@code ml-latest}: directory with ratings.csv (required), movies.csv, tags.csv;
 *   <li>{@code lastfm-2k}: hetrec-2011 directory with user_artists.dat (required), artists.dat,
 *       tags.dat with user_taggedartists.dat;
 *   <li>{@code csv}, {@code tsv}, {@code jsonl}: one events file, or a directory holding
 *       {@code events.csv|tsv|jsonl}, read with {@link LoadOptions#columns()}.
 * </ul>
 * Listed items and users get indexes even without events; ids first seen in events get empty
 * content. A data set's {@code info} holds its format, path and the files read.
 *
 * <p>Thread-safe: the registry is guarded; loading keeps no shared state.
 */
public final class DataSources {
    private static final Map<String, DatasetLoader> LOADERS = new LinkedHashMap<>();
    /** Event-file layouts for {@link #loadEventsInto}, per built-in format. */
    private static final Map<String, Function<LoadOptions, Events.Layout>> EVENT_LAYOUTS = new LinkedHashMap<>();

    static {
        LOADERS.put("ml-100k", MovieLens::load100k);
        LOADERS.put("ml-1m", MovieLens::load1m);
        LOADERS.put("ml-10m", MovieLens::load10m);
        LOADERS.put("ml-latest", MovieLens::loadLatest);
        LOADERS.put("lastfm-2k", LastFm::load);
        LOADERS.put("csv", (path, opts) -> loadGeneric("csv", path, opts));
        LOADERS.put("tsv", (path, opts) -> loadGeneric("tsv", path, opts));
        LOADERS.put("jsonl", (path, opts) -> loadGeneric("jsonl", path, opts));
        LOADERS.put("affinity", (path, opts) -> applyThreshold(
                AffinityDirFormat.read(Path.of(path), opts.skipBadLines()), opts));
        LOADERS.put("synthetic", (path, opts) -> applyThreshold(loadSynthetic(path), opts));
        EVENT_LAYOUTS.put("ml-100k", o -> MovieLens.ML100K_EVENTS);
        EVENT_LAYOUTS.put("ml-1m", o -> MovieLens.ML1M_EVENTS);
        EVENT_LAYOUTS.put("ml-10m", o -> MovieLens.ML10M_EVENTS);
        EVENT_LAYOUTS.put("ml-latest", o -> MovieLens.LATEST_EVENTS);
        EVENT_LAYOUTS.put("lastfm-2k", o -> LastFm.EVENTS);
        EVENT_LAYOUTS.put("csv", o -> genericLayout("csv", o));
        EVENT_LAYOUTS.put("tsv", o -> genericLayout("tsv", o));
        EVENT_LAYOUTS.put("jsonl", o -> genericLayout("jsonl", o));
    }

    private DataSources() {
    }

    /** {@code NAME[@SEED][?KEY=VALUE&...]}, e.g. {@code small@7} or {@code medium?items=100000&media=off}; see {@link SyntheticSpec}. */
    private static Dataset loadSynthetic(String path) {
        SyntheticSpec spec = SyntheticSpec.parse(path);
        return SyntheticGenerator.generate(spec.config(), spec.seed());
    }

    /**
     * Applies {@link LoadOptions#minValue()} to a data set whose loader builds its events itself
     * (synthetic, affinity directory), counting what the threshold removed in the report.
     */
    private static Dataset applyThreshold(Dataset d, LoadOptions opts) {
        if (opts.minValue() == null) {
            return d;
        }
        Interactions x = d.interactions();
        Interactions.Builder b = x.derive().optMinValue(opts.minValue());
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                b.add(u, x.item(p), x.value(p), x.timestamp(p));
            }
        }
        Interactions kept = b.build();
        d.report().absorbSkips(b.stats());
        Map<String, String> info = new LinkedHashMap<>(d.info());
        info.put("minValue", opts.minValue().toString());
        return new Dataset(d.name(), d.userIds(), d.itemIds(), kept, d.items(), d.users(), d.report(), info);
    }

    /**
     * Loads {@code spec}, written {@code FORMAT:PATH} (e.g. {@code ml-100k:data/ml-100k}); the
     * format is case-insensitive and the path is everything after the first colon.
     *
     * @param opts null for {@link LoadOptions#defaults()}
     * @throws IllegalArgumentException             for a spec without a colon or an unknown format
     * @throws java.nio.file.NoSuchFileException     naming a missing path or required file
     * @throws ai.affinity.data.DataFormatException naming file, line and field of malformed input
     */
    public static Dataset load(String spec, LoadOptions opts) throws IOException {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("expected FORMAT:PATH (e.g. ml-100k:data/ml-100k); got '" + spec
                    + "'; known formats: " + String.join(", ", formats()));
        }
        return load(spec.substring(0, colon), spec.substring(colon + 1), opts);
    }

    /** Loads {@code path} in {@code format}; see {@link #load(String, LoadOptions)}. */
    public static Dataset load(String format, String path, LoadOptions opts) throws IOException {
        DatasetLoader loader = loader(format);
        return loader.load(path, opts == null ? LoadOptions.defaults() : opts);
    }

    /** Names of the registered formats, built-ins first, in registration order. */
    public static synchronized List<String> formats() {
        return List.copyOf(LOADERS.keySet());
    }

    /**
     * Adds a format (e.g. {@code synthetic}). Names are case-insensitive.
     *
     * @throws IllegalArgumentException when the name is blank, contains ':' or is already registered
     */
    public static synchronized void register(String name, DatasetLoader loader) {
        Objects.requireNonNull(loader, "loader");
        if (name == null || name.isBlank() || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("format name must be non-blank and without ':'; got '" + name + "'");
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (LOADERS.containsKey(key)) {
            throw new IllegalArgumentException("format '" + key + "' is already registered");
        }
        LOADERS.put(key, loader);
    }

    private static synchronized DatasetLoader loader(String format) {
        DatasetLoader loader = LOADERS.get(format.strip().toLowerCase(Locale.ROOT));
        if (loader == null) {
            throw new IllegalArgumentException("unknown data format '" + format + "'; known formats: "
                    + String.join(", ", LOADERS.keySet()));
        }
        return loader;
    }

    /**
     * Reads one events file written in {@code format}'s event layout (ml-100k: u.data, as in
     * u1.base/u1.test; ml-1m/ml-10m: ratings.dat; ml-latest: ratings.csv; lastfm-2k:
     * user_artists.dat; csv/tsv/jsonl: {@link LoadOptions#columns()}), mapping ids through the given
     * maps without adding any. The result is {@code users.size() × items.size()}, so it shares the
     * index space of the data set the maps came from (predefined train/test splits).
     *
     * @throws ai.affinity.data.DataFormatException for an id not in the maps (unless bad lines are
     *                                              skipped, when it is counted), or malformed input
     * @throws IllegalArgumentException             for a format without an event layout
     */
    public static Interactions loadEventsInto(String format, Path file, IdMap users, IdMap items, LoadOptions opts)
            throws IOException {
        return loadEventsInto(format, file, users, items, opts, new LoadReport());
    }

    /** As {@link #loadEventsInto(String, Path, IdMap, IdMap, LoadOptions)}, counting into {@code report}. */
    public static Interactions loadEventsInto(String format, Path file, IdMap users, IdMap items, LoadOptions opts,
                                              LoadReport report) throws IOException {
        LoadOptions o = opts == null ? LoadOptions.defaults() : opts;
        String key = format.strip().toLowerCase(Locale.ROOT);
        Function<LoadOptions, Events.Layout> layout = EVENT_LAYOUTS.get(key);
        if (layout == null) {
            loader(format); // unknown formats fail with the list of formats
            throw new IllegalArgumentException("format '" + format + "' has no events-file layout; formats with one: "
                    + String.join(", ", EVENT_LAYOUTS.keySet()));
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "events file not found");
        }
        LoadContext ctx = new LoadContext(o, report);
        Interactions.Builder builder = ctx.newBuilder().setDimensions(users.size(), items.size());
        Events.read(file, layout.apply(o), Events.IdResolver.existing(users, items), builder, ctx);
        Interactions result = builder.build();
        report.absorb(builder.stats());
        return result;
    }

    // ---------------------------------------------------------------- generic formats

    private static Events.Layout genericLayout(String format, LoadOptions opts) {
        ColumnMapping columns = opts.columns();
        if (columns == null) {
            throw new IllegalArgumentException("format " + format + " needs a column mapping, e.g. "
                    + "user=userId,item=itemId,value=rating,time=timestamp");
        }
        return switch (format) {
            case "csv" -> Events.Layout.delimited(columns.delimiter() == null ? "," : columns.delimiter(), true,
                    LineReader.Encoding.UTF8, columns);
            case "tsv" -> Events.Layout.delimited(columns.delimiter() == null ? "\t" : columns.delimiter(), false,
                    LineReader.Encoding.UTF8, columns);
            case "jsonl" -> new Events.Layout("\n", false, LineReader.Encoding.UTF8, columns, null, true);
            default -> throw new IllegalArgumentException("not a generic format: " + format);
        };
    }

    private static Dataset loadGeneric(String format, String path, LoadOptions opts) throws IOException {
        Events.Layout layout = genericLayout(format, opts);
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new NoSuchFileException(path, null, format + " events file or directory not found");
        }
        Path file = p;
        if (Files.isDirectory(p)) {
            file = LoadContext.requireFile(p, "events." + format, format);
        }
        LoadContext ctx = new LoadContext(opts, null);
        IdMap users = new IdMap(1024);
        IdMap items = new IdMap(1024);
        Interactions.Builder builder = ctx.newBuilder();
        Events.read(file, layout, Events.IdResolver.adding(users, items), builder, ctx);
        Path fileName = p.getFileName();
        String name = fileName == null ? format : fileName.toString();
        return ctx.finish(name, format, path, users, items, builder, new ItemCatalog(), new UserCatalog(),
                Map.of("columns", opts.columns().toSpec()));
    }

}
