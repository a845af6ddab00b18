package ai.affinity.server.retrieval;

/**
 * Candidate items for a user vector: the plug point for an approximate nearest neighbour index over
 * item vectors (inner product). Implementations return up to {@code n} dense item indexes, best first
 * or in any order (the caller re-ranks them exactly), and must be thread-safe.
 */
public interface ItemCandidates {
    int[] candidates(float[] userVector, int n);
}
