package ai.affinity.model.segment;

import ai.affinity.data.UserFeatures;

import java.util.List;

/**
 * Turns a user's features into a segment key over chosen attributes, e.g. {@code gender=F|age=[20,30)}.
 *
 * <p>For each attribute name, in order: a categorical feature of that name gives its value; else a
 * numeric feature of that name is bucketed into bands {@code [lo, lo + width)} with
 * {@code lo = floor(v / width) · width}; else, for a name ending in {@code _band} (such as
 * {@code age_band}), the numeric feature without the suffix ({@code age}) is bucketed the same way;
 * else the part is {@code name=?} (missing). A user with none of the attributes has no segment
 * ({@link #key} returns null), so the caller falls back to other evidence.
 *
 * <p>Immutable and thread-safe.
 */
public final class UserSegments {
    private static final String BAND_SUFFIX = "_band";
    private final List<String> attributes;
    private final double bandWidth;

    /**
     * @param attributes user attribute names, at least one
     * @param bandWidth  width of numeric bands, > 0
     */
    public UserSegments(List<String> attributes, double bandWidth) {
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("at least one user attribute is needed for segments");
        }
        if (!(bandWidth > 0) || !Double.isFinite(bandWidth)) {
            throw new IllegalArgumentException("band width must be a positive number, got " + bandWidth);
        }
        this.attributes = List.copyOf(attributes);
        this.bandWidth = bandWidth;
    }

    public List<String> attributes() {
        return attributes;
    }

    /** The segment key of {@code f}, or null when none of the attributes is present. */
    public String key(UserFeatures f) {
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        for (String a : attributes) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            String part = part(f, a);
            if (part == null) {
                sb.append(a).append("=?");
            } else {
                sb.append(part);
                any = true;
            }
        }
        return any ? sb.toString() : null;
    }

    private String part(UserFeatures f, String a) {
        String c = f.categorical().get(a);
        if (c != null) {
            return a + "=" + c;
        }
        Double v = f.numeric().get(a);
        if (v == null && a.endsWith(BAND_SUFFIX)) {
            v = f.numeric().get(a.substring(0, a.length() - BAND_SUFFIX.length()));
        }
        if (v == null || !Double.isFinite(v)) {
            return null;
        }
        return a + "=" + band(v, bandWidth);
    }

    /** The band {@code [lo,hi)} holding {@code v}, e.g. {@code [20,30)} for 24 with width 10. */
    public static String band(double v, double width) {
        double lo = Math.floor(v / width) * width;
        return "[" + format(lo) + "," + format(lo + width) + ")";
    }

    private static String format(double v) {
        // Shortest exact decimal: 1990 not 1990.0, 22.5 not 22.50000
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
