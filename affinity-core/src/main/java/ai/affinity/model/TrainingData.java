package ai.affinity.model;

import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.UserCatalog;

/**
 * What an algorithm may learn from. Test events are never here; {@code validation} is a carve-out
 * of training users' events for early stopping and tuning, or null.
 */
public record TrainingData(Interactions train, ItemCatalog items, UserCatalog users, Interactions validation) {
    public TrainingData {
        if (train == null) {
            throw new IllegalArgumentException("train is required");
        }
        items = items == null ? new ItemCatalog() : items;
        users = users == null ? new UserCatalog() : users;
    }

    public static TrainingData of(Interactions train) {
        return new TrainingData(train, null, null, null);
    }

    public int numUsers() {
        return train.numUsers();
    }

    public int numItems() {
        return train.numItems();
    }
}
