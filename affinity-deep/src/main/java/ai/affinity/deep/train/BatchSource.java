package ai.affinity.deep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

/**
 * The model-specific half of training: what an example is, how a batch of them becomes a loss.
 * The {@link TrainingLoop} owns epochs, the optimiser, logging, validation and early stopping.
 * Implementations draw every random number (order, dropout masks, negatives, noise) from the
 * {@link SplittableRandom} the loop hands them, so the same seed gives the same numbers.
 */
public interface BatchSource {
    /** Examples per epoch (users for Mult-VAE, sequences for SASRec, events for NeuMF), {@code >= 1}. */
    int numExamples();

    /** Called before each epoch (1-based), e.g. to shuffle the example order. */
    default void startEpoch(int epoch, SplittableRandom rng) {
    }

    /**
     * The mean training loss (a scalar) of examples {@code [from, to)} of this epoch's order,
     * computed from the {@link Weights} so that autograd records it. Arrays it creates belong to
     * {@code manager}, which the loop closes after the step.
     *
     * @param step the 0-based optimiser step about to be taken (for annealing schedules)
     */
    NDArray loss(NDManager manager, int from, int to, long step, SplittableRandom rng);
}
