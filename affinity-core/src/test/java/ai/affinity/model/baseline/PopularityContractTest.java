package ai.affinity.model.baseline;

import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;

class PopularityContractTest extends ModelContractTest {
    @Override
    protected Algorithm<?> algorithm() {
        return new Popularity();
    }

    @Override
    protected boolean learnsPreferences() {
        return false;
    }
}
