package ai.affinity.server.store;

import java.util.List;
import java.util.Map;

/**
 * An item as stored: metadata, text and optional media bytes.
 *
 * @param itemId      external id
 * @param title       display title (may be empty)
 * @param text        free text (may be empty)
 * @param categorical categorical attributes, each possibly multi-valued
 * @param numeric     numeric attributes
 * @param image       encoded image bytes (PNG, JPEG, ...) or null
 * @param imageType   media type of {@code image}, or null
 * @param audio       encoded audio bytes (WAV, ...) or null
 * @param audioType   media type of {@code audio}, or null
 */
public record ItemRecord(String itemId, String title, String text, Map<String, List<String>> categorical,
                         Map<String, Double> numeric, byte[] image, String imageType, byte[] audio, String audioType) {
    public ItemRecord {
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        categorical = categorical == null ? Map.of() : Map.copyOf(categorical);
        numeric = numeric == null ? Map.of() : Map.copyOf(numeric);
    }
}
