package ai.affinity.model.io;

import ai.affinity.model.Model;

import java.io.IOException;

/**
 * A model that can be written to the versioned binary model format (see {@link ModelStore}). The
 * {@link #kind()} names the decoder registered in {@link ModelStore} that reads it back.
 */
public interface SavableModel extends Model {
    /** Stable name of the stored form, e.g. "ease". */
    String kind();

    /** Version of this kind's payload layout; bump it when the layout changes. */
    int payloadVersion();

    /** Writes the payload (everything needed to score, nothing about training state). */
    void writePayload(ModelWriter out) throws IOException;
}
