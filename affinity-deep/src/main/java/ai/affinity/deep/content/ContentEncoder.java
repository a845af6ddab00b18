package ai.affinity.deep.content;

import ai.affinity.data.ItemContent;
import ai.affinity.util.Progress;

import java.util.List;

/**
 * Maps items' content (text, image, audio, attributes) to fixed-size float vectors: the extra
 * per-item inputs of the hybrid model's item tower, usable on their own (e.g. for content kNN).
 *
 * <p>Contract: {@link #encode} returns one row of exactly {@link #dim()} finite values per input
 * item, in input order. An item that lacks this encoder's modality ({@link #supports} is false)
 * gets a row of zeros, so callers can mask it. Same encoder version and same content, same vector
 * (bit for bit on the same machine and thread count): that is what lets
 * {@link EmbeddingCache} key vectors by {@link #name()} and {@link #contentKey}. Implementations
 * are thread-safe unless they say otherwise.
 */
public interface ContentEncoder {
    /**
     * Name and version, e.g. {@code "minilm-l6-v2@1"}: changes whenever the vectors would change
     * (weights, preprocessing, dimension), because the disk cache is keyed by it. Letters, digits,
     * {@code - _ . @} only.
     */
    String name();

    /** Length of every vector. */
    int dim();

    /** Whether {@code item} has what this encoder reads (text, picture, clip, ...). */
    boolean supports(ItemContent item);

    /**
     * The bytes of {@code item} that determine its vector (e.g. the text it embeds, the pixels):
     * hashed for the disk cache. Items with equal keys must get equal vectors.
     */
    byte[] contentKey(ItemContent item);

    /**
     * One vector per item, in order; rows for unsupported items are zeros.
     *
     * @param progress reports items done (may be {@link Progress#silent()})
     */
    float[][] encode(List<ItemContent> items, Progress progress);

    /** Encodes one item (a brand-new item at serving time). */
    default float[] encodeOne(ItemContent item) {
        return encode(List.of(item), Progress.silent())[0];
    }
}
