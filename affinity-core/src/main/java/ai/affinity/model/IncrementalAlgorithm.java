package ai.affinity.model;

/**
 * An algorithm that can bring a model it fitted earlier up to date with grown training data by a
 * warm-started update, instead of fitting from scratch: online learning between full refits (what the
 * server's background updater uses when an arm's algorithm implements it).
 *
 * <p>Contract: {@link #update} never modifies {@code previous} (which keeps serving while the update
 * runs) and returns a new immutable model over all of {@code data}'s users and items. An update is an
 * approximation of a full fit on {@code data}: implementations document what they re-solve and what
 * they keep, and callers should still refit in full from time to time.
 */
public interface IncrementalAlgorithm<M extends Model> extends Algorithm<M> {
    /** Whether {@code previous} is a model this algorithm can update (same kind and shape-defining hyperparameters). */
    boolean canUpdate(Model previous);

    /**
     * The updated model.
     *
     * @param previous a model fitted (or updated) by an equal algorithm; {@link #canUpdate} must hold
     * @param data     the grown training data
     * @param delta    how {@code data}'s indexes relate to {@code previous}'s and which rows changed
     * @throws IllegalArgumentException when {@code previous} cannot be updated or {@code delta} does not fit {@code data}
     */
    M update(Model previous, TrainingData data, Delta delta, FitContext ctx);

    /**
     * How new training data relates to the data a previous model was fitted on.
     *
     * @param previousUser for each user of the new data, its index in the previous model, or -1 when new
     * @param previousItem for each item of the new data, its index in the previous model, or -1 when new
     * @param changedUsers users (new indexes) with events the previous model was not fitted on; new users included
     * @param changedItems items (new indexes) with such events; new items with events included
     */
    record Delta(int[] previousUser, int[] previousItem, int[] changedUsers, int[] changedItems) {
        public Delta {
            if (previousUser == null || previousItem == null || changedUsers == null || changedItems == null) {
                throw new IllegalArgumentException("every array of a delta is required");
            }
        }

        /** Checks that the delta matches data of {@code numUsers x numItems} and a previous model of the given sizes. */
        public void check(int numUsers, int numItems, int previousUsers, int previousItems) {
            if (previousUser.length != numUsers || previousItem.length != numItems) {
                throw new IllegalArgumentException("delta maps " + previousUser.length + " users and " + previousItem.length
                        + " items; the data has " + numUsers + " and " + numItems);
            }
            checkRange(previousUser, -1, previousUsers, "previous user index");
            checkRange(previousItem, -1, previousItems, "previous item index");
            checkRange(changedUsers, 0, numUsers, "changed user");
            checkRange(changedItems, 0, numItems, "changed item");
        }

        private static void checkRange(int[] a, int lo, int hiExclusive, String what) {
            for (int v : a) {
                if (v < lo || v >= hiExclusive) {
                    throw new IllegalArgumentException(what + " " + v + " is outside " + lo + ".." + (hiExclusive - 1));
                }
            }
        }
    }
}
