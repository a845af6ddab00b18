package ai.affinity.model;

/**
 * A model whose scores are inner products: {@code score(query)[i] == dot(userVector(query), itemVector(i))} up to
 * float rounding, for every item {@code 0..numItems()-1}. Serving uses this to retrieve the top items from a
 * nearest-neighbour index over the item vectors ({@code ai.affinity.ann}) instead of scoring every item. Biases
 * are folded in as an extra dimension (user side 1, item side the bias).
 *
 * <p>Thread-safe like {@link Model}; both methods return new arrays the caller may keep.
 */
public interface VectorModel extends Model {
    /** Length of user and item vectors. */
    int dim();

    /** The vector the model scores {@code query} with (the trained user's factors, or its fold-in of the history). */
    float[] userVector(UserQuery query);

    /** Item {@code item}'s vector, {@code 0 <= item < numItems()}. */
    float[] itemVector(int item);
}
