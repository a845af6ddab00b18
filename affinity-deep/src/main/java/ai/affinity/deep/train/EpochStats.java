package ai.affinity.deep.train;

/**
 * One epoch of a {@link TrainingLoop} run.
 *
 * @param epoch          1-based
 * @param meanLoss       mean batch loss over the epoch
 * @param validationNdcg NDCG@10 on the validation split after the epoch, NaN without validation
 * @param seconds        wall time of the epoch's training steps (validation excluded)
 * @param examplesPerSecond training throughput of the epoch
 * @param learningRate   the learning rate of the epoch's last step
 */
public record EpochStats(int epoch, double meanLoss, double validationNdcg, double seconds, double examplesPerSecond,
                         float learningRate) {
}
