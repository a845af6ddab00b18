/**
 * Neural collaborative filtering: NeuMF (GMF + MLP fused, with optional pre-training) trained on
 * sampled negatives by the shared training loop and scored in pure Java.
 */
package ai.affinity.deep.ncf;
