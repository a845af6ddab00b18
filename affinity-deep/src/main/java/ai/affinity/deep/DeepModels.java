package ai.affinity.deep;

import ai.affinity.deep.hybrid.Hybrid;
import ai.affinity.deep.hybrid.HybridModel;
import ai.affinity.deep.ncf.NeuMf;
import ai.affinity.deep.ncf.NeuMfModel;
import ai.affinity.deep.seq.SasRec;
import ai.affinity.deep.seq.SasRecModel;
import ai.affinity.deep.twotower.TwoTower;
import ai.affinity.deep.twotower.TwoTowerModel;
import ai.affinity.deep.vae.MultVae;
import ai.affinity.deep.vae.MultVaeModel;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.io.ModelStore;

/**
 * Registers the deep models of this module in core's registries: the command-line names in
 * {@link AlgorithmRegistry} (with their tuning search spaces) and the saved-model kinds in
 * {@link ModelStore}. Core knows nothing of DJL; whoever wants the deep models (the CLI at
 * start-up, a test) calls {@link #register()} once. Idempotent and thread-safe.
 */
public final class DeepModels {
    private static boolean registered;

    private DeepModels() {
    }

    public static synchronized void register() {
        if (registered) {
            return;
        }
        AlgorithmRegistry.register(MultVae.NAME, MultVae::fromParams, MultVae.SEARCH_SPACE);
        ModelStore.register(MultVaeModel.KIND, MultVaeModel::read);
        AlgorithmRegistry.register(SasRec.NAME, SasRec::fromParams, SasRec.SEARCH_SPACE);
        ModelStore.register(SasRec.NAME, SasRecModel::read);
        AlgorithmRegistry.register(TwoTower.NAME, TwoTower::fromParams, TwoTower.SEARCH_SPACE);
        ModelStore.register(TwoTower.NAME, TwoTowerModel::read);
        AlgorithmRegistry.register(Hybrid.NAME, Hybrid::fromParams, Hybrid.SEARCH_SPACE);
        ModelStore.register(Hybrid.NAME, HybridModel::read);
        AlgorithmRegistry.register(NeuMf.NAME, NeuMf::fromParams, NeuMf.SEARCH_SPACE);
        ModelStore.register(NeuMfModel.KIND, NeuMfModel::read);
        registered = true;
    }
}
