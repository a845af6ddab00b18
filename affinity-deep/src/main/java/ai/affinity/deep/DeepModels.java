package ai.affinity.deep;

import ai.affinity.deep.seq.SasRec;
import ai.affinity.deep.seq.SasRecModel;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.io.ModelStore;

/**
 * Registers the deep algorithms (command-line names, search spaces) and their model decoders into
 * core's registries. Core never depends on this module; the CLI calls {@link #register()} at start-up.
 * Idempotent and thread-safe (the registries are synchronised; registering twice replaces the entry).
 */
public final class DeepModels {
    private DeepModels() {
    }

    public static void register() {
        AlgorithmRegistry.register(SasRec.NAME, SasRec::fromParams, SasRec.SEARCH_SPACE);
        ModelStore.register(SasRec.NAME, SasRecModel::read);
    }
}
