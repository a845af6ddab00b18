package ai.affinity.model;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an algorithm's string parameters (from the command line, a config file or the tuner) with
 * clear errors: an unknown key or a malformed value names the model, the key and what was expected.
 * Call {@link #requireAllUsed()} after reading to reject typos such as {@code lamda=500}.
 */
public final class Params {
    private final String model;
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    public Params(String model, Map<String, String> values) {
        this.model = model;
        this.values = new LinkedHashMap<>(values);
    }

    public double getDouble(String key, double defaultValue) {
        String v = take(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
    }

    public int getInt(String key, int defaultValue) {
        String v = take(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = take(key);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw bad(key, v, "true or false");
        };
    }

    public String getString(String key, String defaultValue) {
        String v = take(key);
        return v == null ? defaultValue : v;
    }

    /** A value from a fixed set of choices (case-insensitive). */
    public String getChoice(String key, String defaultValue, String... choices) {
        String v = take(key);
        if (v == null) {
            return defaultValue;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(v)) {
                return c;
            }
        }
        throw bad(key, v, "one of " + String.join(", ", choices));
    }

    /** Throws when a given key was never read (a typo or a parameter of another model). */
    public void requireAllUsed() {
        for (String key : values.keySet()) {
            if (!used.contains(key)) {
                throw new IllegalArgumentException("model '" + model + "' has no parameter '" + key + "'");
            }
        }
    }

    /** Checks {@code ok} or throws naming the parameter and the constraint. */
    public static void check(boolean ok, String model, String key, Object value, String constraint) {
        if (!ok) {
            throw new IllegalArgumentException("model '" + model + "' parameter '" + key + "' must be " + constraint
                    + "; got " + value);
        }
    }

    private String take(String key) {
        used.add(key);
        String v = values.get(key);
        return v == null ? null : v.trim();
    }

    private IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("model '" + model + "' parameter '" + key + "': expected " + expected
                + "; got '" + value + "'");
    }
}
