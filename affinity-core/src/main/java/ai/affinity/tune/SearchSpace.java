package ai.affinity.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An algorithm's documented hyperparameter space: each parameter is a list of choices, or a
 * (log-)uniform range. Configurations are {@code name → value} string maps, the same form the
 * command line accepts ({@code ease:lambda=500}), so a tuned result can be pasted back.
 */
public final class SearchSpace {
    /** One hyperparameter's range. */
    public sealed interface Param permits Choice, Range {
        String name();

        /** The values the grid tries, in order (what {@code affinity models} lists). */
        List<String> gridValues();

        /** A one-line human description, e.g. {@code "log-uniform [1, 1000], grid 1, 10, 100, 1000"}. */
        String describe();
    }

    /** Discrete values, tried as given. */
    public record Choice(String name, List<String> values) implements Param {
        public Choice {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("choice '" + name + "' needs at least one value");
            }
            values = List.copyOf(values);
        }

        @Override
        public List<String> gridValues() {
            return values;
        }

        @Override
        public String describe() {
            return "one of " + String.join(", ", values);
        }
    }

    /**
     * A numeric range {@code [low, high]}; sampled on a log scale when {@code log}, rounded when
     * {@code integer}. The grid uses {@code gridPoints} evenly spaced points (on the log scale when log).
     */
    public record Range(String name, double low, double high, boolean log, boolean integer, int gridPoints)
            implements Param {
        public Range {
            if (!(low <= high) || (log && low <= 0) || gridPoints < 1) {
                throw new IllegalArgumentException("bad range for '" + name + "': [" + low + ", " + high + "]");
            }
        }

        String format(double v) {
            if (integer) {
                return Long.toString(Math.round(v));
            }
            // Four significant digits, without trailing zeros: "500", "0.05", "1.25e-04" -> "0.000125".
            return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
        }

        @Override
        public List<String> gridValues() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < gridPoints; i++) {
                double f = gridPoints == 1 ? 0.5 : (double) i / (gridPoints - 1);
                double v = log ? Math.exp(Math.log(low) + f * (Math.log(high) - Math.log(low))) : low + f * (high - low);
                String s = format(v);
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
            return out;
        }

        @Override
        public String describe() {
            String kind = (log ? "log-uniform" : "uniform") + (integer ? " integer" : "");
            return kind + " [" + format(low) + ", " + format(high) + "], grid " + String.join(", ", gridValues());
        }

        String sample(SplittableRandom rng) {
            double f = rng.nextDouble();
            double v = log ? Math.exp(Math.log(low) + f * (Math.log(high) - Math.log(low))) : low + f * (high - low);
            return format(v);
        }
    }

    private final List<Param> params;

    private SearchSpace(List<Param> params) {
        this.params = List.copyOf(params);
    }

    public static SearchSpace of(Param... params) {
        return new SearchSpace(List.of(params));
    }

    public static SearchSpace empty() {
        return new SearchSpace(List.of());
    }

    public static Choice choice(String name, Object... values) {
        List<String> v = new ArrayList<>();
        for (Object o : values) {
            v.add(String.valueOf(o));
        }
        return new Choice(name, v);
    }

    public static Range logRange(String name, double low, double high, int gridPoints) {
        return new Range(name, low, high, true, false, gridPoints);
    }

    public static Range logIntRange(String name, int low, int high, int gridPoints) {
        return new Range(name, low, high, true, true, gridPoints);
    }

    public static Range range(String name, double low, double high, int gridPoints) {
        return new Range(name, low, high, false, false, gridPoints);
    }

    /** This space without the parameters named in {@code names} (held fixed by the caller). */
    public SearchSpace without(java.util.Collection<String> names) {
        if (names.isEmpty()) {
            return this;
        }
        List<Param> kept = new ArrayList<>();
        for (Param p : params) {
            if (!names.contains(p.name())) {
                kept.add(p);
            }
        }
        return new SearchSpace(kept);
    }

    public List<Param> params() {
        return params;
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    /** Size of the full grid (product of per-parameter grid sizes). */
    public long gridSize() {
        long n = 1;
        for (Param p : params) {
            n *= values(p).size();
        }
        return n;
    }

    /** Every grid configuration, in a fixed order. */
    public List<Map<String, String>> grid() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Param p : params) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : values(p)) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(p.name(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** One random configuration. */
    public Map<String, String> sample(SplittableRandom rng) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Param p : params) {
            if (p instanceof Choice c) {
                m.put(c.name(), c.values().get(rng.nextInt(c.values().size())));
            } else {
                m.put(p.name(), ((Range) p).sample(rng));
            }
        }
        return m;
    }

    private static List<String> values(Param p) {
        return p.gridValues();
    }
}
