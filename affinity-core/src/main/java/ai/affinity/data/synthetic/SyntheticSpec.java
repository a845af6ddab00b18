package ai.affinity.data.synthetic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The path part of a {@code synthetic:} data spec: {@code NAME[@SEED][?KEY=VALUE&...]}, a preset scaled by
 * overrides. Keys: {@code users}, {@code items}, {@code events} (positive integers; {@code _} separators
 * allowed, e.g. {@code 100_000}) and {@code media} ({@code on|off}). Examples: {@code medium},
 * {@code small@7}, {@code medium?items=100000&media=off} (the medium preset's users, events and shape with a
 * 100k-item catalogue, without images and audio, which would take about 1.6 GB at that size).
 *
 * <p>The data set is named after the canonical spec (preset, then the overrides in key order), so a scaled
 * catalogue never passes for the plain preset: {@code synthetic:medium?items=100000&media=off}.
 *
 * @param config the preset with the overrides applied (name = canonical spec without the seed)
 * @param seed   the seed ({@link SyntheticGenerator#DEFAULT_SEED} when none is given)
 */
public record SyntheticSpec(SyntheticConfig config, long seed) {
    /** Override keys, in canonical order. */
    public static final List<String> KEYS = List.of("users", "items", "events", "media");

    /**
     * Parses {@code NAME[@SEED][?KEY=VALUE&...]}.
     *
     * @throws IllegalArgumentException naming the spec and what was expected: an unknown preset or key, a
     *                                  repeated key, a value that is not a positive integer (or on/off), a
     *                                  non-integer seed, or sizes the generator cannot honour
     */
    public static SyntheticSpec parse(String path) {
        String spec = path == null ? "" : path.trim();
        int q = spec.indexOf('?');
        String head = q < 0 ? spec : spec.substring(0, q);
        int at = head.indexOf('@');
        String preset = at < 0 ? head : head.substring(0, at);
        long seed = SyntheticGenerator.DEFAULT_SEED;
        if (at >= 0) {
            try {
                seed = Long.parseLong(head.substring(at + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected synthetic:NAME@SEED with an integer seed; got '" + path + "'");
            }
        }
        SyntheticConfig base = SyntheticConfig.preset(preset);
        Map<String, String> opts = new LinkedHashMap<>();
        if (q >= 0) {
            String query = spec.substring(q + 1);
            if (query.indexOf('@') >= 0) {
                throw new IllegalArgumentException("the seed goes before '?' in synthetic spec '" + path
                        + "': expected NAME@SEED?KEY=VALUE&...");
            }
            if (query.isBlank()) {
                throw new IllegalArgumentException("expected KEY=VALUE after '?' in synthetic spec '" + path + "'; keys: "
                        + String.join(", ", KEYS));
            }
            for (String part : query.split("&", -1)) {
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1) {
                    throw new IllegalArgumentException("expected KEY=VALUE in synthetic spec '" + path + "'; got '" + part
                            + "'; keys: " + String.join(", ", KEYS));
                }
                String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown key '" + key + "' in synthetic spec '" + path
                            + "'; expected one of " + String.join(", ", KEYS));
                }
                if (opts.put(key, part.substring(eq + 1).trim()) != null) {
                    throw new IllegalArgumentException("key '" + key + "' given twice in synthetic spec '" + path + "'");
                }
            }
        }
        int users = opts.containsKey("users") ? positive(path, "users", opts.get("users")) : base.numUsers();
        int items = opts.containsKey("items") ? positive(path, "items", opts.get("items")) : base.numItems();
        int events = opts.containsKey("events") ? positive(path, "events", opts.get("events")) : base.targetEvents();
        boolean media = base.media();
        if (opts.containsKey("media")) {
            String m = opts.get("media").toLowerCase(Locale.ROOT);
            if (!m.equals("on") && !m.equals("off")) {
                throw new IllegalArgumentException("expected media=on or media=off in synthetic spec '" + path + "'; got '"
                        + opts.get("media") + "'");
            }
            media = m.equals("on");
        }
        StringBuilder name = new StringBuilder(base.name());
        char sep = '?';
        for (String key : KEYS) {
            if (opts.containsKey(key)) {
                String v = key.equals("media") ? (media ? "on" : "off")
                        : Integer.toString(key.equals("users") ? users : key.equals("items") ? items : events);
                name.append(sep).append(key).append('=').append(v);
                sep = '&';
            }
        }
        try {
            SyntheticConfig c = new SyntheticConfig(name.toString(), users, items, events, base.latentDim(),
                    base.numTopics(), base.startEpochSecond(), base.spanDays(), base.driftStrength(),
                    base.initialItemFraction(), base.popularitySkew(), base.exploration(), base.minEventsPerUser(), media);
            return new SyntheticSpec(c, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("synthetic spec '" + path + "': " + e.getMessage(), e);
        }
    }

    private static int positive(String path, String key, String value) {
        long v;
        try {
            v = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a positive integer for '" + key + "' in synthetic spec '" + path
                    + "'; got '" + value + "'");
        }
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected a positive integer (at most " + Integer.MAX_VALUE + ") for '" + key
                    + "' in synthetic spec '" + path + "'; got '" + value + "'");
        }
        return (int) v;
    }
}
