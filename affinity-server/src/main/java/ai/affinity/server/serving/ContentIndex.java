package ai.affinity.server.serving;

import ai.affinity.data.ItemContent;

/**
 * Places items without events in the catalogue by their content: the hook through which a new item
 * becomes recommendable on insert, without a refit. Built per training set ({@link TrainingSet}) over
 * its warm items (those with events). Today's implementation is {@link TfIdfContentIndex} (TF-IDF of
 * title, text and categorical attributes such as genres, cosine neighbours). A content model with an
 * item tower (the hybrid two-tower) plugs in here by implementing this interface with its content
 * embeddings, through {@link ServingState#setContentIndexFactory}.
 *
 * <p>Implementations are immutable and thread-safe ({@link #place} is called from request threads).
 */
public interface ContentIndex {
    /**
     * The placement of an item with {@code content}: up to {@link CatalogIndex#NEIGHBOURS} warm items, most
     * similar first; no neighbours when nothing in the content is known to the index.
     */
    ColdItem place(String itemId, ItemContent content);

    /** A short name for logs and /health, e.g. {@code "tfidf"}. */
    String name();

    /** Builds a content index over a training set; {@code warm[i]} tells which items have events. */
    @FunctionalInterface
    interface Factory {
        ContentIndex build(TrainingSet ts, boolean[] warm);
    }
}
