package ai.affinity.deep.train;

import ai.affinity.model.FitContext;

/**
 * Settings of a {@link TrainingLoop} run, shared by every deep model (each model's hyperparameter
 * record builds one). Immutable; the {@code withX} methods return modified copies.
 *
 * @param epochs           maximum number of passes over the examples, {@code >= 1}
 * @param batchSize        examples per optimiser step, {@code >= 1}
 * @param optimizer        {@link Optimizer#ADAM} (weight decay as an L2 term added to the gradient)
 *                         or {@link Optimizer#ADAMW} (decoupled weight decay)
 * @param learningRate     peak learning rate, {@code > 0}
 * @param weightDecay      weight decay, {@code >= 0} (0 = none)
 * @param warmupSteps      optimiser steps of linear warm-up from 0 to {@code learningRate}, {@code >= 0}
 * @param decay            what the learning rate does after warm-up: stay ({@link Decay#CONSTANT}),
 *                         or fall to 0 at the last step linearly or along a half cosine
 * @param patience         epochs without a better validation NDCG@10 before stopping early (checked at
 *                         the validated epochs, see {@link #validateEvery()});
 *                         0 disables early stopping (the best epoch's weights are still kept)
 * @param seed             seed of every random draw the loop and its batch source make
 * @param threads          PyTorch intra-op threads, {@code >= 1}
 * @param logEvery         report progress every this many batches, {@code >= 1}
 * @param divergenceFactor a batch loss whose magnitude exceeds this multiple of the first batch's
 *                         (or of 1, whichever is larger) counts as diverged, {@code > 1}
 */
public record TrainConfig(int epochs, int batchSize, Optimizer optimizer, float learningRate, float weightDecay,
                          int warmupSteps, Decay decay, int patience, long seed, int threads, int logEvery,
                          double divergenceFactor) {
    /** The optimiser family. */
    public enum Optimizer { ADAM, ADAMW }

    /** Learning-rate decay after warm-up. */
    public enum Decay { CONSTANT, LINEAR, COSINE }

    public TrainConfig {
        check(epochs >= 1, "epochs", epochs, ">= 1");
        check(batchSize >= 1, "batch size", batchSize, ">= 1");
        check(optimizer != null, "optimizer", optimizer, "ADAM or ADAMW");
        check(Float.isFinite(learningRate) && learningRate > 0, "learning rate", learningRate, "a finite number > 0");
        check(Float.isFinite(weightDecay) && weightDecay >= 0, "weight decay", weightDecay, "a finite number >= 0");
        check(warmupSteps >= 0, "warm-up steps", warmupSteps, ">= 0");
        check(decay != null, "decay", decay, "CONSTANT, LINEAR or COSINE");
        check(patience >= 0, "patience", patience, ">= 0");
        check(threads >= 1, "threads", threads, ">= 1");
        check(logEvery >= 1, "log every", logEvery, ">= 1");
        check(divergenceFactor > 1, "divergence factor", divergenceFactor, "> 1");
    }

    /**
     * 20 epochs of 256 examples, Adam at 1e-3 without weight decay, no warm-up, constant rate,
     * patience 5, seed 42, one thread, a progress line every 50 batches, divergence at 1000x.
     */
    public static TrainConfig defaults() {
        return new TrainConfig(20, 256, Optimizer.ADAM, 1e-3f, 0f, 0, Decay.CONSTANT, 5, 42, 1, 50, 1e3);
    }

    /** This config with the seed and thread count of a fit. */
    public TrainConfig with(FitContext ctx) {
        return withSeed(ctx.seed()).withThreads(ctx.threads());
    }

    public TrainConfig withEpochs(int v) {
        return new TrainConfig(v, batchSize, optimizer, learningRate, weightDecay, warmupSteps, decay, patience, seed,
                threads, logEvery, divergenceFactor);
    }

    public TrainConfig withBatchSize(int v) {
        return new TrainConfig(epochs, v, optimizer, learningRate, weightDecay, warmupSteps, decay, patience, seed,
                threads, logEvery, divergenceFactor);
    }

    public TrainConfig withOptimizer(Optimizer v, float lr, float wd) {
        return new TrainConfig(epochs, batchSize, v, lr, wd, warmupSteps, decay, patience, seed, threads, logEvery,
                divergenceFactor);
    }

    public TrainConfig withSchedule(int warmup, Decay d) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, warmup, d, patience, seed,
                threads, logEvery, divergenceFactor);
    }

    public TrainConfig withPatience(int v) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, warmupSteps, decay, v, seed,
                threads, logEvery, divergenceFactor);
    }

    public TrainConfig withSeed(long v) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, warmupSteps, decay, patience, v,
                threads, logEvery, divergenceFactor);
    }

    public TrainConfig withThreads(int v) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, warmupSteps, decay, patience,
                seed, v, logEvery, divergenceFactor);
    }

    public TrainConfig withLogEvery(int v) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, warmupSteps, decay, patience,
                seed, threads, v, divergenceFactor);
    }

    public TrainConfig withDivergenceFactor(double v) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, warmupSteps, decay, patience,
                seed, threads, logEvery, v);
    }

    /**
     * Epochs between validations when the training data has a validation carve-out: validating costs a
     * full ranking of the validation users (often more than an epoch of training), so a run validates at
     * most about 30 times, and at least twice within the patience window so early stopping still sees
     * every plateau; 1 for runs of up to 30 epochs. The last epoch is always validated.
     */
    public int validateEvery() {
        int every = Math.max(1, (epochs + 29) / 30);
        return patience > 0 ? Math.max(1, Math.min(every, patience / 2)) : every;
    }

    /** Optimiser steps in a full run over {@code numExamples} examples per epoch. */
    public long totalSteps(int numExamples) {
        return (long) epochs * ((numExamples + batchSize - 1) / batchSize);
    }

    private static void check(boolean ok, String what, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("training " + what + " must be " + expected + "; got " + value);
        }
    }
}
