package ai.affinity.model.baseline;

import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;

class RandomContractTest extends ModelContractTest {
    @Override
    protected Algorithm<?> algorithm() {
        return new RandomRecommender();
    }

    @Override
    protected boolean learnsPreferences() {
        return false;
    }
}
