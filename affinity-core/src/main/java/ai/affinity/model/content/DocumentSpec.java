package ai.affinity.model.content;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parts of an {@link ai.affinity.data.ItemContent} make up an item's document, and how much
 * each weighs. A term's frequency in a document is the weighted sum over fields:
 * {@code tf(t) = Σ_field weight(field) · g(count_field(t))} with {@code g(c) = 1 + ln c} when
 * {@code sublinear}, else {@code g(c) = c}. Applying {@code g} per field before weighting keeps the
 * sublinear transform well defined for weights below 1.
 *
 * <p>Fields: title and free text go through the {@link Tokenizer}; each categorical attribute value
 * becomes one token {@code name=value} (value as given, e.g. {@code genre=Action}); each binned numeric
 * attribute becomes one token {@code name=[lo,hi)} with {@code lo = floor(v / width) · width}
 * (e.g. {@code year=[1990,2000)} for width 10). A weight of 0 leaves a field out.
 *
 * @param titleWeight     weight of title words, >= 0
 * @param textWeight      weight of free-text words, >= 0
 * @param attributeWeight weight of categorical attribute tokens, >= 0
 * @param attributes      names of the categorical attributes used; empty means every attribute
 * @param numericBins     numeric attribute name → bin width (> 0), in the order given; may be empty
 * @param numericWeight   weight of binned numeric tokens, >= 0
 * @param bigrams         also index word bigrams of title and text
 * @param sublinear       use {@code 1 + ln(count)} instead of raw counts
 * @param minDf           drop terms that occur in fewer than this many item documents, >= 1
 */
public record DocumentSpec(double titleWeight, double textWeight, double attributeWeight, List<String> attributes,
                           Map<String, Double> numericBins, double numericWeight, boolean bigrams, boolean sublinear,
                           int minDf) {
    public DocumentSpec {
        check(titleWeight, "title weight");
        check(textWeight, "text weight");
        check(attributeWeight, "attribute weight");
        check(numericWeight, "numeric weight");
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        Map<String, Double> bins = new LinkedHashMap<>();
        if (numericBins != null) {
            for (Map.Entry<String, Double> e : numericBins.entrySet()) {
                if (e.getValue() == null || !(e.getValue() > 0) || !Double.isFinite(e.getValue())) {
                    throw new IllegalArgumentException("bin width of numeric attribute '" + e.getKey()
                            + "' must be a positive number, got " + e.getValue());
                }
                bins.put(e.getKey(), e.getValue());
            }
        }
        numericBins = java.util.Collections.unmodifiableMap(bins);
        if (minDf < 1) {
            throw new IllegalArgumentException("min document frequency must be >= 1, got " + minDf);
        }
    }

    /** Token of a binned numeric value, e.g. {@code year=[1990,2000)}. */
    public static String numericToken(String name, double value, double width) {
        double lo = Math.floor(value / width) * width;
        return name + "=[" + format(lo) + "," + format(lo + width) + ")";
    }

    /** Token of a categorical value, e.g. {@code genre=Action}. */
    public static String attributeToken(String name, String value) {
        return name + "=" + value;
    }

    private static String format(double v) {
        // Shortest exact decimal: 1990 not 1990.0, 22.5 not 22.50000
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static void check(double w, String what) {
        if (!(w >= 0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + w);
        }
    }
}
