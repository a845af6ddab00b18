package ai.affinity.deep.seq;

import ai.affinity.deep.DeepModels;
import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;

/**
 * SASRec on the block-diagonal fixture: each user's items come in random order within their block,
 * so the next item is any other item of the block; a small network learns that in a few seconds.
 */
class SasRecContractTest extends ModelContractTest {
    static {
        DeepModels.register();
    }

    @Override
    protected Algorithm<?> algorithm() {
        return new SasRec(16, 1, 1, 8, 0.1, "relu", "bce", 1, 0.75, 40, 0.01, 16, 0);
    }
}
