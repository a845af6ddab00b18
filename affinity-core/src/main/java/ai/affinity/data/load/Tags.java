package ai.affinity.data.load;

import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Free-form tags collected per item, merged case-insensitively (the first spelling wins) and
 * ordered by how often they were applied, then by first appearance, so the telling tags come first.
 */
final class Tags {
    private static final class Count {
        final String display;
        int n;

        Count(String display) {
            this.display = display;
        }
    }

    private final Map<Integer, LinkedHashMap<String, Count>> byItem = new HashMap<>();
    private long applied;

    void add(int item, String tag) {
        String t = tag.strip();
        if (t.isEmpty()) {
            return;
        }
        byItem.computeIfAbsent(item, k -> new LinkedHashMap<>())
                .computeIfAbsent(t.toLowerCase(Locale.ROOT), k -> new Count(t)).n++;
        applied++;
    }

    long applied() {
        return applied;
    }

    /** Appends each item's tags to its text (", "-separated) and, when {@code categorical}, as "tag". */
    void applyTo(ItemCatalog catalog, boolean categorical) {
        for (Map.Entry<Integer, LinkedHashMap<String, Count>> e : byItem.entrySet()) {
            List<Count> counts = new ArrayList<>(e.getValue().values());
            counts.sort((a, b) -> Integer.compare(b.n, a.n)); // stable: ties keep first appearance
            List<String> tags = new ArrayList<>(counts.size());
            for (Count c : counts) {
                tags.add(c.display);
            }
            int item = e.getKey();
            ItemContent old = catalog.get(item);
            String joined = String.join(", ", tags);
            String text = old.text().isEmpty() ? joined : old.text() + "\n" + joined;
            Map<String, List<String>> cat = old.categorical();
            if (categorical) {
                cat = new LinkedHashMap<>(cat);
                cat.put("tag", tags);
            }
            catalog.set(item, new ItemContent(old.title(), text, cat, old.numeric(), old.image(), old.audio(),
                    old.firstSeen()));
        }
    }
}
