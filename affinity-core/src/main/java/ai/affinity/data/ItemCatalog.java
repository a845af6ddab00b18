package ai.affinity.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Content of every item, indexed by dense item index. Items without known content hold
 * {@link ItemContent#empty()}. Append-only alongside the item {@link IdMap}.
 */
public final class ItemCatalog {
    private final ArrayList<ItemContent> contents = new ArrayList<>();

    public ItemCatalog() {
    }

    /** Sets the content of item {@code idx}, growing the catalog with empty entries as needed. */
    public void set(int idx, ItemContent content) {
        ensureSize(idx + 1);
        contents.set(idx, content == null ? ItemContent.empty() : content);
    }

    /** Grows the catalog to at least {@code n} items. */
    public void ensureSize(int n) {
        while (contents.size() < n) {
            contents.add(ItemContent.empty());
        }
    }

    /** Content of item {@code idx}; empty content for indexes not set. */
    public ItemContent get(int idx) {
        return idx < contents.size() ? contents.get(idx) : ItemContent.empty();
    }

    public int size() {
        return contents.size();
    }

    /** Names of all categorical attributes present in the catalog, in first-seen order. */
    public Set<String> categoricalNames() {
        Set<String> names = new LinkedHashSet<>();
        for (ItemContent c : contents) {
            names.addAll(c.categorical().keySet());
        }
        return names;
    }

    /** Whether any item has a categorical attribute (used for intra-list diversity). */
    public boolean hasCategorical() {
        for (ItemContent c : contents) {
            if (!c.categorical().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    public List<ItemContent> all() {
        return List.copyOf(contents);
    }
}
