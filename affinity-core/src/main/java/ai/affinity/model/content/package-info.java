/**
 * Content-based recommendation from what items are (title, free text, categorical and binned
 * numeric attributes), independent of who interacted with them: {@link ai.affinity.model.content.TfIdf}
 * ("tfidf"), with its {@link ai.affinity.model.content.Tokenizer}, document definition
 * ({@link ai.affinity.model.content.DocumentSpec}), fitted vocabulary
 * ({@link ai.affinity.model.content.TfIdfVectorizer}) and primitive CSR rows
 * ({@link ai.affinity.model.content.SparseRows}). Cold items (no events) are scored from their content
 * alone; this is the traditional baseline deep content models must beat on cold-item splits.
 */
package ai.affinity.model.content;
