package ai.affinity.data;

import java.util.Map;

/**
 * A loaded data set: the id maps, the events, item content and user features, and the report of
 * what loading read and skipped. Dense indexes are shared by all parts.
 *
 * @param name         e.g. "ml-100k" or "synthetic:small"
 * @param userIds      external user ids
 * @param itemIds      external item ids
 * @param interactions all events
 * @param items        item content (size = number of items)
 * @param users        user features
 * @param report       what the loader read, merged and skipped
 * @param info         free-form facts about the source (path, format, seed)
 */
public record Dataset(String name, IdMap userIds, IdMap itemIds, Interactions interactions, ItemCatalog items,
                      UserCatalog users, LoadReport report, Map<String, String> info) {
    public Dataset {
        info = info == null ? Map.of() : Map.copyOf(info);
        if (interactions.numUsers() != userIds.size() || interactions.numItems() != itemIds.size()) {
            throw new IllegalArgumentException("interactions are " + interactions.numUsers() + "x"
                    + interactions.numItems() + " but the id maps hold " + userIds.size() + " users and "
                    + itemIds.size() + " items");
        }
    }

    public int numUsers() {
        return interactions.numUsers();
    }

    public int numItems() {
        return interactions.numItems();
    }
}
