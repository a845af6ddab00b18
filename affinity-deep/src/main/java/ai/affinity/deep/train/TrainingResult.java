package ai.affinity.deep.train;

import java.util.List;

/**
 * What a {@link TrainingLoop} run did. After the run the weights hold the best epoch's values
 * (by validation NDCG@10), or the last epoch's when there was no validation data.
 *
 * @param epochs       per-epoch statistics, in order
 * @param bestEpoch    1-based epoch whose weights were kept
 * @param bestNdcg     its validation NDCG@10 (NaN without validation)
 * @param stoppedEarly whether patience ran out before the last configured epoch
 * @param steps        optimiser steps taken
 * @param seconds      wall time of the whole run, validation included
 */
public record TrainingResult(List<EpochStats> epochs, int bestEpoch, double bestNdcg, boolean stoppedEarly, long steps,
                             double seconds) {
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** Mean training seconds per epoch (validation excluded). */
    public double meanEpochSeconds() {
        double s = 0;
        for (EpochStats e : epochs) {
            s += e.seconds();
        }
        return epochs.isEmpty() ? 0 : s / epochs.size();
    }

    public double firstLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(0).meanLoss();
    }

    public double lastLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).meanLoss();
    }
}
