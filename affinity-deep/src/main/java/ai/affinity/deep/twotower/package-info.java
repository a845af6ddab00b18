/**
 * Two-tower retrieval ({@code twotower}): a user tower over pooled history embeddings and user
 * attributes, an item tower over a sparse id embedding (with id dropout), item attributes and any
 * number of extra per-item input vectors ({@link ai.affinity.deep.twotower.ItemInput}, the
 * extension point for content encoders), trained with in-batch sampled softmax and the logQ
 * correction on the shared training loop with sparse embedding tables. The fitted
 * {@link ai.affinity.deep.twotower.TwoTowerModel} scores in pure Java from a query's history and
 * features and computes vectors of brand-new items from their attributes and input vectors alone.
 */
package ai.affinity.deep.twotower;
