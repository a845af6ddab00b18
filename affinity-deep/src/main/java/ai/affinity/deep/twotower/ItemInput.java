package ai.affinity.deep.twotower;

/**
 * An extra input of the two-tower item tower: one fixed-length float vector per catalogue item,
 * computed outside the tower (a text, image or audio embedding, precomputed and frozen). The item
 * tower concatenates {@code [id embedding (with id dropout), item attribute embeddings, extra
 * input 1, extra input 2, ...]} and feeds it to its MLP, so the tower learns how much each input
 * counts. Items without a vector get zeros.
 *
 * <p>The fitted {@link TwoTowerModel} keeps each input's {@link #name()} and {@link #dim()} (not
 * the vectors: its item vectors already include them); a brand-new item's vector is computed from
 * its attributes plus the same inputs' vectors, passed by name to
 * {@link TwoTowerModel#itemVector(ai.affinity.data.ItemContent, java.util.Map)}.
 *
 * <p>Implementations must be deterministic and safe to read from the training thread.
 */
public interface ItemInput {
    /** A stable name, e.g. {@code "text:minilm"}; unique among a tower's inputs. */
    String name();

    /** Length of every vector, {@code >= 1}. */
    int dim();

    /**
     * The vector of catalogue item {@code item} ({@code dim()} values; not modified by the caller),
     * or null when the item has none (the tower reads zeros).
     */
    float[] vector(int item);

    /** An input backed by an array of vectors indexed by item ({@code null} entries and items past the end read as none). */
    static ItemInput of(String name, int dim, float[][] vectors) {
        if (name == null || name.isBlank() || dim < 1) {
            throw new IllegalArgumentException("item input needs a name and dim >= 1; got '" + name + "', " + dim);
        }
        float[][] copy = vectors.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] != null && copy[i].length != dim) {
                throw new IllegalArgumentException("item input '" + name + "': item " + i + " has a vector of "
                        + copy[i].length + " values, expected " + dim);
            }
        }
        return new ItemInput() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int dim() {
                return dim;
            }

            @Override
            public float[] vector(int item) {
                return item >= 0 && item < copy.length ? copy[item] : null;
            }

            @Override
            public String toString() {
                return "ItemInput[" + name + ", dim " + dim + ", " + copy.length + " items]";
            }
        };
    }
}
