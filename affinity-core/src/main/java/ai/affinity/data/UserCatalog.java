package ai.affinity.data;

import java.util.ArrayList;

/** {@link UserFeatures} of every user, indexed by dense user index; unknown users have none. */
public final class UserCatalog {
    private final ArrayList<UserFeatures> features = new ArrayList<>();

    public void set(int idx, UserFeatures f) {
        while (features.size() <= idx) {
            features.add(UserFeatures.none());
        }
        features.set(idx, f == null ? UserFeatures.none() : f);
    }

    public UserFeatures get(int idx) {
        return idx >= 0 && idx < features.size() ? features.get(idx) : UserFeatures.none();
    }

    public int size() {
        return features.size();
    }

    /** Whether any user has a feature. */
    public boolean hasFeatures() {
        for (UserFeatures f : features) {
            if (!f.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
