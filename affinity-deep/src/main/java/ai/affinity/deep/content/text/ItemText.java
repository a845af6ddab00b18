package ai.affinity.deep.content.text;

import ai.affinity.data.ItemContent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of an item that text encoders read: title, then every categorical attribute (genres,
 * tags, ...) as {@code "genre: Action, Comedy."} in name order, then the free text. Deterministic,
 * so its UTF-8 bytes serve as the embedding cache key.
 */
public final class ItemText {
    private ItemText() {
    }

    public static String of(ItemContent c) {
        StringBuilder sb = new StringBuilder();
        if (!c.title().isBlank()) {
            sb.append(c.title().strip()).append('.');
        }
        for (Map.Entry<String, List<String>> e : new TreeMap<>(c.categorical()).entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(e.getKey()).append(": ").append(String.join(", ", e.getValue())).append('.');
        }
        if (!c.text().isBlank()) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(c.text().strip());
        }
        return sb.toString();
    }
}
