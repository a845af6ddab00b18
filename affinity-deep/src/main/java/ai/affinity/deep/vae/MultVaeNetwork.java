package ai.affinity.deep.vae;

import ai.affinity.deep.train.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The Mult-VAE forward pass and loss on DJL arrays (any floating data type, so the gradient check
 * can run it in float64). Shapes, for a batch of {@code b} users, {@code n} items, hidden size
 * {@code h} and latent size {@code l}: {@code w1 n×h, b1 h, w2 h×2l, b2 2l} (the encoder: mean in
 * the first {@code l} columns, log-variance in the last {@code l}), {@code w3 l×h, b3 h, w4 h×n, b4 n}.
 */
public final class MultVaeNetwork {
    private MultVaeNetwork() {
    }

    /**
     * The decoder's logits at the posterior mean ({@code z = μ}, no noise): what the fitted model
     * scores, here on DJL arrays for checking the pure-Java export.
     */
    public static NDArray meanLogits(NDArray input, NDArray[] w, long latent) {
        NDArray enc = input.matMul(w[0]).add(w[1]).tanh().matMul(w[2]).add(w[3]);
        return enc.get(new NDIndex(":, :{}", latent)).matMul(w[4]).add(w[5]).tanh().matMul(w[6]).add(w[7]);
    }

    /**
     * The negative ELBO averaged over the batch, {@code −mean_u Σ_i x_ui log softmax(f(z_u))_i +
     * β · mean_u w_u KL(q(z_u | x_u) ‖ N(0, I))} (w_u = 1 unless weights are given), with {@code z_u = μ_u + ε_u · exp(½ log σ²_u)}.
     *
     * @param input  encoder input {@code b×n}: the L2-normalised history with dropout already applied
     * @param target the binary histories {@code b×n} (the multinomial counts)
     * @param noise  {@code ε}, {@code b×l} standard normal draws (zeros for the posterior mean)
     * @param w      {@code w1, b1, w2, b2, w3, b3, w4, b4}
     * @param klWeights per-user weights {@code b} on the KL term ({@code β · mean_u w_u KL_u}), or null for 1
     */
    public static NDArray loss(NDArray input, NDArray target, NDArray noise, NDArray[] w, float beta,
                               NDArray klWeights) {
        return lossFromFirstLayer(input.matMul(w[0]), target, noise, w, beta, klWeights);
    }

    /** {@link #loss} given {@code input · w1}, the first layer's product, computed by the caller (sparsely). */
    public static NDArray lossFromFirstLayer(NDArray inputTimesW1, NDArray target, NDArray noise, NDArray[] w, float beta,
                                             NDArray klWeights) {
        long l = noise.getShape().get(1);
        NDArray h = inputTimesW1.add(w[1]).tanh();
        NDArray enc = h.matMul(w[2]).add(w[3]);
        NDArray mu = enc.get(new NDIndex(":, :{}", l));
        NDArray logVar = enc.get(new NDIndex(":, {}:", l));
        NDArray z = mu.add(noise.mul(Scalars.mul(logVar, 0.5).exp()));
        NDArray logits = z.matMul(w[4]).add(w[5]).tanh().matMul(w[6]).add(w[7]);
        NDArray nll = logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
        // KL(N(mu, sigma^2) || N(0, 1)) = 1/2 (sigma^2 + mu^2 - 1 - log sigma^2), per latent dimension.
        NDArray klPerUser = Scalars.mul(logVar.exp().add(mu.square()).sub(1).sub(logVar).sum(new int[] {1}), 0.5);
        NDArray kl = (klWeights == null ? klPerUser : klPerUser.mul(klWeights)).mean();
        return nll.add(Scalars.mul(kl, beta));
    }
}
