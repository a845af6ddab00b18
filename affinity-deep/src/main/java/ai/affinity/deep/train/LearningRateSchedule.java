package ai.affinity.deep.train;

import ai.djl.training.tracker.Tracker;

/**
 * Linear warm-up from 0 to the peak rate over {@code warmupSteps} optimiser steps, then constant,
 * or a linear or half-cosine decay to 0 at {@code totalSteps}. A DJL {@link Tracker}, so the
 * optimiser asks it for the rate of each update (DJL counts updates from 1 per parameter).
 */
public final class LearningRateSchedule implements Tracker {
    private final float peak;
    private final int warmupSteps;
    private final long totalSteps;
    private final TrainConfig.Decay decay;

    public LearningRateSchedule(float peak, int warmupSteps, TrainConfig.Decay decay, long totalSteps) {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("bad schedule: peak " + peak + ", warm-up " + warmupSteps + ", total "
                    + totalSteps);
        }
        this.peak = peak;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.decay = decay;
    }

    public static LearningRateSchedule of(TrainConfig c, long totalSteps) {
        return new LearningRateSchedule(c.learningRate(), c.warmupSteps(), c.decay(), Math.max(1, totalSteps));
    }

    /** The rate of update {@code step} (1-based: the first step uses {@code step = 1}). */
    public float rate(long step) {
        if (step <= warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        if (decay == TrainConfig.Decay.CONSTANT || totalSteps <= warmupSteps) {
            return peak;
        }
        double f = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        double r = decay == TrainConfig.Decay.LINEAR ? 1 - f : 0.5 * (1 + Math.cos(Math.PI * f));
        // Never exactly 0: the last step still moves a little, and Adam divides nothing by it.
        return (float) Math.max(peak * r, peak * 1e-3);
    }

    @Override
    public float getNewValue(int numUpdate) {
        return rate(numUpdate);
    }
}
