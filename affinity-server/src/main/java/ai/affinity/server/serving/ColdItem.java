package ai.affinity.server.serving;

/**
 * Where an item without events sits in the catalogue: its nearest warm items (items with training
 * events) by content, with weights. Its score for a user is the weighted mean of the model's scores of
 * those neighbours ({@link CatalogIndex#coldScore}), so it competes on the model's own scale. Neighbours
 * are named by item id, so a placement made against one snapshot applies to any other.
 *
 * @param itemId     the cold item
 * @param neighbours ids of warm items, most similar first
 * @param weights    their weights (> 0), same order
 * @param placedAtNanos {@code System.nanoTime()} when the placement was computed (a refit that read the store later supersedes it)
 */
public record ColdItem(String itemId, String[] neighbours, float[] weights, long placedAtNanos) {
    public ColdItem {
        if (neighbours.length != weights.length) {
            throw new IllegalArgumentException(neighbours.length + " neighbours but " + weights.length + " weights");
        }
    }

    /** Whether the item could be placed (its content shares a term with some warm item). */
    public boolean placed() {
        return neighbours.length > 0;
    }
}
