/**
 * Neighbourhood recommenders: {@link ai.affinity.model.knn.ItemKnn} ({@code itemknn}: sparse top-k
 * item-item similarities, fitted through the users' rows, scored by summing the history items' rows)
 * and {@link ai.affinity.model.knn.UserKnn} ({@code userknn}: query-time similarity of the history
 * to every training user through the by-item view). Both share {@link ai.affinity.model.knn.Similarity}
 * (cosine, Aiolli's asymmetric cosine, Jaccard; with shrinkage), Aiolli's locality exponent, and a
 * primitive top-k heap. Both score from the query history alone, so unknown users need no fold-in step.
 */
package ai.affinity.model.knn;
