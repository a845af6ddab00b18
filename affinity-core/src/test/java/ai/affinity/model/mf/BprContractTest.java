package ai.affinity.model.mf;

import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.ModelContractTest;
import ai.affinity.util.Progress;

/** BPR on the block-diagonal fixture; determinism is checked with one thread (Hogwild is not bit-reproducible). */
class BprContractTest extends ModelContractTest {
    @Override
    protected Algorithm<?> algorithm() {
        return Bpr.fromParams(java.util.Map.of("factors", "8", "epochs", "100", "lr", "0.1", "reg", "0.01"));
    }

    @Override
    protected FitContext determinismContext(long seed) {
        return new FitContext(seed, 1, Progress.silent());
    }
}
