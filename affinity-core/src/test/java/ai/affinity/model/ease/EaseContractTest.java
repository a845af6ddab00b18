package ai.affinity.model.ease;

import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;

class EaseContractTest extends ModelContractTest {
    @Override
    protected Algorithm<?> algorithm() {
        // The fixture has 48 users; a lambda of the size of an item's count keeps B informative.
        return new Ease(5, true);
    }
}
