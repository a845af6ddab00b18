package ai.affinity.model.als;

import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;

class IalsContractTest extends ModelContractTest {
    @Override
    protected Algorithm<?> algorithm() {
        return new Ials().with(8, 5, 0.1, 10);
    }
}
