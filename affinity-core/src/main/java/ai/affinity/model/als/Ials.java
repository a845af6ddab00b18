package ai.affinity.model.als;

import ai.affinity.model.FitContext;
import ai.affinity.model.IncrementalAlgorithm;
import ai.affinity.model.Model;
import ai.affinity.model.Params;
import ai.affinity.model.TrainingData;
import ai.affinity.tune.SearchSpace;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Implicit-feedback alternating least squares, iALS / WRMF (Hu, Koren and Volinsky, "Collaborative
 * Filtering for Implicit Feedback Datasets", ICDM 2008), command-line name {@code ials}.
 *
 * <p>Every (user, item) pair has preference {@code p = 1} when the user had an event on the item and
 * {@code 0} otherwise, weighted by confidence {@code c = 1 + alpha * r} ({@code linear}) or
 * {@code c = 1 + alpha * log(1 + r / epsilon)} ({@code log}) on events and {@code 1} elsewhere; {@code r}
 * is 1 unless {@code use_values} (then the event's value, e.g. a rating or play count). The model
 * minimises {@code Σ_{u,i} c_ui (p_ui - x_uᵀy_i)² + λ (Σ_u w_u|x_u|² + Σ_i w_i|y_i|²)} with {@code w = 1},
 * or {@code w} = the row's number of events when {@code scale_lambda} (as Spark MLlib does).
 *
 * <p>Each half-iteration solves every user (then every item) row independently. The default solver
 * is conjugate gradient (Takács, Pilászy and Tikk, "Applications of the conjugate gradient method for
 * implicit feedback collaborative filtering", RecSys 2011): {@code cg_steps} steps warm-started from the
 * current vector, with {@code YᵀY} computed once per half-iteration, so a half-iteration costs
 * {@code O(rows·f² + events·f)} per step. {@code solver=cholesky} solves each row exactly in
 * {@code O(events·f² + rows·f³)}: for small {@code f} and for testing. Rows are spread over
 * {@link FitContext#threads()}; the result depends only on the seed, not on the thread count.
 *
 * <p>Defaults are the best found within {@link #SEARCH_SPACE} (every event counting {@code r = 1})
 * on the MovieLens 100K validation carve-out (random 25% holdout, seed 42, then
 * {@code Validation.carve(split, 0.25, 42)}; NDCG@10 0.268 there, 0.4535 on the test split). On rating
 * data, {@code use_values=true,alpha=3.5,lambda=70} scored higher on the same carve-out (0.277; 0.4855
 * on test): ratings as confidences help there, but raw play counts would need {@code confidence=log}.
 * {@code affinity-bench}'s {@code IalsTuning} reproduces the search.
 *
 * @param factors     latent dimensions {@code f}; default 64
 * @param alpha       confidence scale; default 30
 * @param lambda      L2 regularisation; default 100
 * @param iterations  alternating passes (users then items); default 15
 * @param confidence  {@code linear} (default) or {@code log}
 * @param epsilon     the {@code log} confidence's scale; default 1
 * @param useValues   use event values as {@code r} (default false: every event counts 1)
 * @param scaleLambda multiply λ by each row's number of events (default false)
 * @param solver      {@code cg} (default) or {@code cholesky}
 * @param cgSteps     conjugate-gradient steps per row and half-iteration; default 3
 * @param initStd     standard deviation of the random initial factors; default 0.01
 */
public record Ials(int factors, double alpha, double lambda, int iterations, Confidence confidence, double epsilon,
                   boolean useValues, boolean scaleLambda, Solver solver, int cgSteps, double initStd)
        implements IncrementalAlgorithm<IalsModel> {
    public static final String NAME = "ials";

    public static final int DEFAULT_FACTORS = 64;
    public static final double DEFAULT_ALPHA = 30;
    public static final double DEFAULT_LAMBDA = 100;
    public static final int DEFAULT_ITERATIONS = 15;
    public static final int DEFAULT_CG_STEPS = 3;

    /**
     * What {@code affinity tune} searches: factors 16..256, alpha 0.1..100 and lambda 1e-3..100 on log
     * scales, iterations 5..30, and the confidence function.
     */
    public static final SearchSpace SEARCH_SPACE = SearchSpace.of(
            SearchSpace.logIntRange("factors", 16, 256, 5),
            SearchSpace.logRange("alpha", 0.1, 100, 7),
            SearchSpace.logRange("lambda", 1e-3, 100, 6),
            new SearchSpace.Range("iterations", 5, 30, false, true, 3),
            SearchSpace.choice("confidence", "linear", "log"));

    /** How an event's value becomes a confidence. */
    public enum Confidence {
        /** {@code 1 + alpha * r}. */
        LINEAR,
        /** {@code 1 + alpha * log(1 + r / epsilon)}. */
        LOG
    }

    /** How each row's least-squares problem is solved. */
    public enum Solver {
        /** A few warm-started conjugate-gradient steps (approximate, fast). */
        CG,
        /** Exact Cholesky solve of the row's {@code f x f} system. */
        CHOLESKY
    }

    public Ials {
        check(factors >= 1 && factors <= 4096, "factors", factors, "in 1..4096");
        check(Double.isFinite(alpha) && alpha >= 0, "alpha", alpha, ">= 0");
        check(Double.isFinite(lambda) && lambda >= 0, "lambda", lambda, ">= 0");
        check(iterations >= 0 && iterations <= 10_000, "iterations", iterations, "in 0..10000");
        check(confidence != null, "confidence", confidence, "linear or log");
        check(Double.isFinite(epsilon) && epsilon > 0, "epsilon", epsilon, "> 0");
        check(solver != null, "solver", solver, "cg or cholesky");
        check(cgSteps >= 1 && cgSteps <= 1000, "cg_steps", cgSteps, "in 1..1000");
        check(Double.isFinite(initStd) && initStd > 0, "init_std", initStd, "> 0");
    }

    /** The defaults. */
    public Ials() {
        this(DEFAULT_FACTORS, DEFAULT_ALPHA, DEFAULT_LAMBDA, DEFAULT_ITERATIONS, Confidence.LINEAR, 1.0, false, false,
                Solver.CG, DEFAULT_CG_STEPS, 0.01);
    }

    /**
     * Reads {@code factors, alpha, lambda, iterations, confidence (linear|log), epsilon, use_values,
     * scale_lambda, solver (cg|cholesky), cg_steps, init_std}; unknown keys are rejected.
     */
    public static Ials fromParams(Map<String, String> values) {
        Ials d = new Ials();
        Params p = new Params(NAME, values);
        Ials out = new Ials(
                p.getInt("factors", d.factors),
                p.getDouble("alpha", d.alpha),
                p.getDouble("lambda", d.lambda),
                p.getInt("iterations", d.iterations),
                Confidence.valueOf(p.getChoice("confidence", "linear", "linear", "log").toUpperCase(Locale.ROOT)),
                p.getDouble("epsilon", d.epsilon),
                p.getBoolean("use_values", d.useValues),
                p.getBoolean("scale_lambda", d.scaleLambda),
                Solver.valueOf(p.getChoice("solver", "cg", "cg", "cholesky").toUpperCase(Locale.ROOT)),
                p.getInt("cg_steps", d.cgSteps),
                p.getDouble("init_std", d.initStd));
        p.requireAllUsed();
        return out;
    }

    /** A copy with other factors/alpha/lambda/iterations (for tests and tuning scripts). */
    public Ials with(int factors, double alpha, double lambda, int iterations) {
        return new Ials(factors, alpha, lambda, iterations, confidence, epsilon, useValues, scaleLambda, solver,
                cgSteps, initStd);
    }

    /** A copy with another solver. */
    public Ials withSolver(Solver solver) {
        return new Ials(factors, alpha, lambda, iterations, confidence, epsilon, useValues, scaleLambda, solver,
                cgSteps, initStd);
    }

    /** A copy with another confidence function and value use. */
    public Ials withConfidence(Confidence confidence, double epsilon, boolean useValues) {
        return new Ials(factors, alpha, lambda, iterations, confidence, epsilon, useValues, scaleLambda, solver,
                cgSteps, initStd);
    }

    /** A copy with or without row-count scaling of λ. */
    public Ials withScaleLambda(boolean scaleLambda) {
        return new Ials(factors, alpha, lambda, iterations, confidence, epsilon, useValues, scaleLambda, solver,
                cgSteps, initStd);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("factors", factors);
        m.put("alpha", alpha);
        m.put("lambda", lambda);
        m.put("iterations", iterations);
        m.put("confidence", confidence.name().toLowerCase(Locale.ROOT));
        m.put("epsilon", epsilon);
        m.put("use_values", useValues);
        m.put("scale_lambda", scaleLambda);
        m.put("solver", solver.name().toLowerCase(Locale.ROOT));
        m.put("cg_steps", cgSteps);
        m.put("init_std", initStd);
        return m;
    }

    @Override
    public IalsModel fit(TrainingData data, FitContext ctx) {
        return new IalsTrainer(this, data.train(), ctx).train();
    }

    /** True for an iALS model of the same hyperparameters (the update keeps the model's confidence and λ). */
    @Override
    public boolean canUpdate(Model previous) {
        return previous instanceof IalsModel m && m.params().equals(this);
    }

    /**
     * Warm-started incremental update ({@link IalsUpdate}): the previous factors, with the changed users
     * re-solved exactly, then the changed items, then the changed users again. Unchanged rows keep their
     * vectors. {@code previous} is not modified.
     */
    @Override
    public IalsModel update(Model previous, TrainingData data, Delta delta, FitContext ctx) {
        if (!canUpdate(previous)) {
            throw new IllegalArgumentException("ials cannot update " + previous.getClass().getSimpleName()
                    + (previous instanceof IalsModel m ? " fitted with other hyperparameters " + m.params() : ""));
        }
        return IalsUpdate.update(this, (IalsModel) previous, data.train(), delta, ctx);
    }

    /** The confidence of an event with value {@code value}: always at least 1. */
    public float confidenceOf(float value) {
        double r = useValues ? Math.abs(value) : 1.0;
        double c = confidence == Confidence.LINEAR ? 1 + alpha * r : 1 + alpha * Math.log1p(r / epsilon);
        return (float) c;
    }

    private static void check(boolean ok, String key, Object value, String constraint) {
        Params.check(ok, NAME, key, value, constraint);
    }
}
