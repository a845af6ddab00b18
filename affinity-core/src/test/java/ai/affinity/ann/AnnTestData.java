package ai.affinity.ann;

import java.util.SplittableRandom;

/** Seeded clustered vectors with varied norms, the shape of item factors from a recommender. */
final class AnnTestData {
    private AnnTestData() {
    }

    static float[] clustered(int n, int dim, int clusters, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] centers = new float[clusters * dim];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) gaussian(rnd);
        }
        float[] out = new float[n * dim];
        for (int r = 0; r < n; r++) {
            int c = rnd.nextInt(clusters);
            double scale = Math.exp(0.5 * gaussian(rnd)); // log-normal norms: MIPS differs from cosine
            for (int j = 0; j < dim; j++) {
                out[r * dim + j] = (float) (scale * (centers[c * dim + j] + 0.5 * gaussian(rnd)));
            }
        }
        return out;
    }

    static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    static float[] row(float[] m, int dim, int r) {
        float[] out = new float[dim];
        System.arraycopy(m, r * dim, out, 0, dim);
        return out;
    }

    /** Mean of |approx ∩ exact| / |exact| over the queries (rows of {@code queries}). */
    static double recall(VectorIndex approx, VectorIndex exact, float[] queries, int dim, int k) {
        int nq = queries.length / dim;
        double sum = 0;
        for (int q = 0; q < nq; q++) {
            float[] query = row(queries, dim, q);
            int[] truth = exact.search(query, k).ids();
            int[] got = approx.search(query, k).ids();
            java.util.Set<Integer> t = new java.util.HashSet<>();
            for (int id : truth) {
                t.add(id);
            }
            int hit = 0;
            for (int id : got) {
                hit += t.contains(id) ? 1 : 0;
            }
            sum += (double) hit / truth.length;
        }
        return sum / nq;
    }
}
