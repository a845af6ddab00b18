package ai.affinity.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Maps external string ids to dense indexes {@code 0..size()-1} and back. Append-only: an id keeps
 * its index forever, so arrays indexed by it stay valid as new ids arrive.
 *
 * <p>Not thread-safe for writes; concurrent reads of a map that is no longer written are safe.
 */
public final class IdMap {
    private final Map<String, Integer> index;
    private final ArrayList<String> ids;

    public IdMap() {
        this(16);
    }

    public IdMap(int expectedSize) {
        index = new HashMap<>(Math.max(16, expectedSize * 4 / 3 + 1));
        ids = new ArrayList<>(expectedSize);
    }

    /** Returns the index of {@code id}, adding it at the end if it is new. */
    public int add(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must be a non-empty string");
        }
        Integer existing = index.get(id);
        if (existing != null) {
            return existing;
        }
        int next = ids.size();
        index.put(id, next);
        ids.add(id);
        return next;
    }

    /** Index of {@code id}, or -1 when unknown (for hot paths). */
    public int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    /** Index of {@code id}; throws when unknown. */
    public int require(String id) {
        int i = indexOf(id);
        if (i < 0) {
            throw new NoSuchElementException("unknown id '" + id + "'");
        }
        return i;
    }

    public boolean contains(String id) {
        return index.containsKey(id);
    }

    /** External id of dense index {@code idx}. */
    public String id(int idx) {
        return ids.get(idx);
    }

    public int size() {
        return ids.size();
    }

    /** The ids in index order (unmodifiable view). */
    public List<String> ids() {
        return Collections.unmodifiableList(ids);
    }

    /** An independent copy; appending to it leaves this map unchanged. */
    public IdMap copy() {
        IdMap c = new IdMap(ids.size());
        for (String id : ids) {
            c.add(id);
        }
        return c;
    }

    /** A map of {@code n} ids named "0".."n-1" (synthetic data, tests). */
    public static IdMap ofRange(int n, String prefix) {
        IdMap m = new IdMap(n);
        for (int i = 0; i < n; i++) {
            m.add(prefix + i);
        }
        return m;
    }
}
