package ai.affinity.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DataOptionsTest {
    private static String spec(String data, long seed) {
        DataOptions o = new DataOptions();
        o.data = data;
        o.dataSeed = seed;
        return o.spec();
    }

    @Test
    void theDataSeedGoesBeforeTheSyntheticOverrides() {
        assertEquals("synthetic:small@7", spec("synthetic:small", 7));
        assertEquals("synthetic:medium@42?items=100000&media=off", spec("synthetic:medium?items=100000&media=off", 42));
        assertEquals("synthetic:medium@3?items=5", spec("synthetic:medium@3?items=5", 42));
        assertEquals("ml-100k:data/ml-100k", spec("ml-100k:data/ml-100k", 42));
    }
}
