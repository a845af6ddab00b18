package ai.affinity.model.content;

import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;

import java.util.Map;

/** The shared contract for TF-IDF in its default (profile) form: the fixture's text and genre carry the block. */
class TfIdfContractTest extends ModelContractTest {
    @Override
    protected Algorithm<?> algorithm() {
        return TfIdf.defaults();
    }

    /** The kNN form passes the same contract. */
    static final class KnnForm extends ModelContractTest {
        @Override
        protected Algorithm<?> algorithm() {
            return TfIdf.fromParams(Map.of("mode", "knn", "k", "10"));
        }
    }
}
