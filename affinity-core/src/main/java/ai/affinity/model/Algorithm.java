package ai.affinity.model;

import java.util.Map;

/**
 * A training procedure with its hyperparameters: fits an immutable {@link Model} from training data.
 * An algorithm instance holds no training state between calls.
 */
public interface Algorithm<M extends Model> {
    /** Command-line name, e.g. "pop". */
    String name();

    /** Hyperparameters as written into results (name → value). */
    Map<String, Object> params();

    M fit(TrainingData data, FitContext ctx);
}
