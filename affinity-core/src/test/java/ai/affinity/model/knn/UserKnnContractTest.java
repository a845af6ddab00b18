package ai.affinity.model.knn;

import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;

class UserKnnContractTest extends ModelContractTest {
    @Override
    protected Algorithm<?> algorithm() {
        return new UserKnn();
    }
}
