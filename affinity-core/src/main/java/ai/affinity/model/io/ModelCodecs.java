package ai.affinity.model.io;

import ai.affinity.model.baseline.Popularity;
import ai.affinity.model.baseline.RandomRecommender;

/**
 * The explicit list of model kinds core can read back. Each model family adds one line here
 * (its kind and its static decoder), next to its line in {@link ai.affinity.model.AlgorithmRegistry}.
 */
final class ModelCodecs {
    private ModelCodecs() {
    }

    static void registerBuiltIns() {
        ModelStore.register(Popularity.KIND, Popularity::read);
        ModelStore.register(RandomRecommender.KIND, RandomRecommender::read);
        ModelStore.register(ai.affinity.model.als.Ials.NAME, ai.affinity.model.als.IalsModel::read);
    }
}
