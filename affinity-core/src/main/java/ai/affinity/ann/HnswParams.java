package ai.affinity.ann;

/**
 * Hyperparameters of {@link HnswIndex} (Malkov &amp; Yashunin, HNSW, TPAMI 2018, as implemented by Lucene).
 *
 * @param m              neighbours per node on upper layers; the bottom layer keeps up to {@code 2m}. Default 16.
 * @param efConstruction beam width while inserting; higher builds slower and finds better neighbours. Default 100.
 * @param efSearch       beam width while searching (the number of candidates the graph search keeps); raised to
 *                       {@code k × rerankFactor} when that is larger. Default 100.
 * @param rerankFactor   candidates asked of the graph per result: {@code k × rerankFactor} are re-scored exactly
 *                       and the best {@code k} returned. Default 4.
 * @param seed           seed of the random layer assignment; the same data, insertion order, params
 *                       and seed build the same graph. Default 42.
 */
public record HnswParams(int m, int efConstruction, int efSearch, int rerankFactor, long seed) {
    public HnswParams {
        if (m < 2 || m > 512) {
            throw new IllegalArgumentException("m must be in 2..512; got " + m);
        }
        if (efConstruction < 1 || efConstruction > 3200) {
            throw new IllegalArgumentException("efConstruction must be in 1..3200; got " + efConstruction);
        }
        if (efSearch < 1) {
            throw new IllegalArgumentException("efSearch must be >= 1; got " + efSearch);
        }
        if (rerankFactor < 1) {
            throw new IllegalArgumentException("rerankFactor must be >= 1; got " + rerankFactor);
        }
    }

    public static HnswParams defaults() {
        return new HnswParams(16, 100, 100, 4, 42L);
    }

    public HnswParams withM(int v) {
        return new HnswParams(v, efConstruction, efSearch, rerankFactor, seed);
    }

    public HnswParams withEfConstruction(int v) {
        return new HnswParams(m, v, efSearch, rerankFactor, seed);
    }

    public HnswParams withEfSearch(int v) {
        return new HnswParams(m, efConstruction, v, rerankFactor, seed);
    }

    public HnswParams withRerankFactor(int v) {
        return new HnswParams(m, efConstruction, efSearch, v, seed);
    }

    public HnswParams withSeed(long v) {
        return new HnswParams(m, efConstruction, efSearch, rerankFactor, v);
    }
}
