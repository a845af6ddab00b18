package ai.affinity.model;

import ai.affinity.data.History;
import ai.affinity.data.UserFeatures;

/**
 * What a model scores for: a user (dense index, or -1 when the model never saw them), the user's
 * time-ordered history, and their features. Scoring from the history is what lets one contract
 * serve known users, new users with a few events and events that arrived after training.
 */
public record UserQuery(int user, History history, UserFeatures features) {
    public UserQuery {
        history = history == null ? History.empty() : history;
        features = features == null ? UserFeatures.none() : features;
    }

    public static UserQuery anonymous(History history) {
        return new UserQuery(-1, history, UserFeatures.none());
    }
}
