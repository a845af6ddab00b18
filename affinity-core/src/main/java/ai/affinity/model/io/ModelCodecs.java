package ai.affinity.model.io;

import ai.affinity.model.baseline.Popularity;
import ai.affinity.model.baseline.RandomRecommender;
import ai.affinity.model.content.TfIdf;
import ai.affinity.model.segment.SegmentPopularity;
import ai.affinity.model.mf.BprModel;
import ai.affinity.model.ease.Ease;

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
        ModelStore.register(TfIdf.KIND, TfIdf::read);
        ModelStore.register(SegmentPopularity.KIND, SegmentPopularity::read);
        ModelStore.register(BprModel.KIND, BprModel::read);
        ModelStore.register(ai.affinity.model.knn.ItemKnn.KIND, ai.affinity.model.knn.ItemKnn::read);
        ModelStore.register(ai.affinity.model.knn.UserKnn.KIND, ai.affinity.model.knn.UserKnn::read);
        ModelStore.register(Ease.NAME, Ease::read);
        ModelStore.register(ai.affinity.model.als.Ials.NAME, ai.affinity.model.als.IalsModel::read);
    }
}
