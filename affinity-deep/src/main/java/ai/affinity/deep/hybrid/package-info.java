/**
 * The hybrid content model ({@code hybrid} on the command line): the two-tower model whose item
 * tower reads text, image and audio embeddings from the content encoders, trained with id dropout
 * so that an item nobody has touched is placed by its content alone (cold start).
 */
package ai.affinity.deep.hybrid;
