package ai.affinity.ann;

import java.util.Arrays;

/**
 * The result of a search: item ids (dense row indices, {@code 0..size-1}) best first, with their exact scores
 * under the index's {@link Similarity}. Ties are broken by the lower id. Both arrays have the same length, at
 * most the {@code k} asked for (fewer when fewer items are eligible).
 */
public record Neighbors(int[] ids, float[] scores) {
    public Neighbors {
        if (ids.length != scores.length) {
            throw new IllegalArgumentException("ids and scores differ in length: " + ids.length + " vs " + scores.length);
        }
    }

    public int size() {
        return ids.length;
    }

    @Override
    public String toString() {
        return "Neighbors" + Arrays.toString(ids);
    }
}
