package ai.affinity.model.io;

import ai.affinity.model.Model;

import java.io.IOException;

/** Reads one kind's payload back into a model; {@code version} is the payload version that was written. */
@FunctionalInterface
public interface ModelDecoder {
    Model read(ModelReader in, int version) throws IOException;
}
