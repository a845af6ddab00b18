package ai.affinity.data;

import java.util.Map;

/**
 * Attributes of one user (demographics and the like).
 *
 * @param categorical e.g. "gender" → "F", "occupation" → "writer"
 * @param numeric     e.g. "age" → 24
 */
public record UserFeatures(Map<String, String> categorical, Map<String, Double> numeric) {
    private static final UserFeatures NONE = new UserFeatures(Map.of(), Map.of());

    public UserFeatures {
        categorical = categorical == null ? Map.of() : Map.copyOf(categorical);
        numeric = numeric == null ? Map.of() : Map.copyOf(numeric);
    }

    public static UserFeatures none() {
        return NONE;
    }

    public boolean isEmpty() {
        return categorical.isEmpty() && numeric.isEmpty();
    }
}
