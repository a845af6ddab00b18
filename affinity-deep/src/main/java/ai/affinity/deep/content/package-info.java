/**
 * Content encoders for the hybrid model and cold start: item text, pictures, audio and attributes
 * to vectors. {@link ai.affinity.deep.content.ContentEncoder} is the common contract (name with
 * version, dimension, batch encode with progress); {@link ai.affinity.deep.content.CachedEncoder}
 * puts any encoder behind the on-disk {@link ai.affinity.deep.content.EmbeddingCache} (keyed by
 * content hash + encoder name). Per modality:
 * <ul>
 *   <li>{@code text}: pretrained all-MiniLM-L6-v2 through ONNX Runtime (MiniLmTextEncoder, 384-d) and
 *   the trainable hashed n-gram bag (HashedNgrams → {@link ai.affinity.deep.content.SparseRows} →
 *   {@link ai.affinity.deep.content.EmbeddingBag}).</li>
 *   <li>{@code image}: a small CNN pretrained on Fashion-MNIST (ImageCnn, weights shipped as the
 *   resource {@code fashion-cnn.afna}, reproduced by FashionMnistPretrain) and the frozen
 *   ImageEncoder (64-d grey or 192-d per colour channel).</li>
 *   <li>{@code audio}: WAV reader, radix-2 FFT, log-mel spectrogram, the pooled LogMelStatsEncoder
 *   (80-d) and the trainable AudioCnn.</li>
 *   <li>{@link ai.affinity.deep.content.AttributeFeaturizer}: categorical vocabularies with an
 *   unknown id and numeric quantile buckets / standardisation, for item and user towers.</li>
 * </ul>
 */
package ai.affinity.deep.content;
