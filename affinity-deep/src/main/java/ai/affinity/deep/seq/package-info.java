/**
 * Sequential recommenders: SASRec (Kang and McAuley 2018) with the gSASRec loss option (Petrov and
 * Macdonald 2023). {@link ai.affinity.deep.seq.SasRec} (hyperparameters, command-line name
 * {@code sasrec}) trains {@code SasRecNetwork} (a DJL block) through the shared
 * {@link ai.affinity.deep.train.TrainingLoop} on {@code SequenceBatcher}'s next-item batches, then
 * exports the weights to {@link ai.affinity.deep.seq.SasRecModel}, which scores in pure Java from
 * the query's history at query time (thread-safe, no native calls, saved as kind {@code sasrec}).
 */
package ai.affinity.deep.seq;
