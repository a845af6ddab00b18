/**
 * Training infrastructure shared by the deep models (Mult-VAE, SASRec, NeuMF, two-tower).
 *
 * <p>A model supplies its trainable arrays as {@link ai.affinity.deep.train.Weights} and a
 * {@link ai.affinity.deep.train.BatchSource} that turns a range of examples into a scalar loss; the
 * {@link ai.affinity.deep.train.TrainingLoop} does the rest under a
 * {@link ai.affinity.deep.train.TrainConfig}: epochs, optimiser steps (Adam/AdamW, warm-up then
 * constant, linear or cosine decay), progress with throughput, divergence detection, validation
 * NDCG@10 per epoch ({@link ai.affinity.deep.train.ValidationSet}), early stopping and restoring the
 * best epoch's weights. Large embedding tables are
 * {@link ai.affinity.deep.train.SparseEmbedding}s: Java arrays whose touched rows a batch gathers
 * into PyTorch and whose row gradients get a per-row Adam step (registered with
 * {@link ai.affinity.deep.train.Weights#addSparse}). After training, the model exports its weights to float arrays and scores in
 * pure Java.
 */
package ai.affinity.deep.train;
