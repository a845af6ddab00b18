package ai.affinity.simulate;

/**
 * Settings of one simulation.
 *
 * @param days        simulated days, >= 1
 * @param users       simulated users drawn (per seed, without replacement) from the world's users; capped
 *                    at the number of world users
 * @param k           length of each recommended list, >= 1
 * @param driftPerDay fraction of the way from start to target taste moved per day; NaN for the world's
 *                    own default ({@link World#defaultDriftPerDay()}); 0 for no drift
 * @param choice      click model
 * @param returns     return model
 * @param fitThreads  threads a policy fit may use
 */
public record SimulationConfig(int days, int users, int k, double driftPerDay, ChoiceModel choice, ReturnModel returns,
                               int fitThreads) {
    public SimulationConfig {
        if (days < 1 || users < 1 || k < 1 || fitThreads < 1) {
            throw new IllegalArgumentException("simulation needs days, users, k and threads >= 1; got days=" + days
                    + ", users=" + users + ", k=" + k + ", threads=" + fitThreads);
        }
        if (!Double.isNaN(driftPerDay) && !(driftPerDay >= 0 && driftPerDay <= 1)) {
            throw new IllegalArgumentException("driftPerDay must be in [0, 1] (or NaN for the world default), got "
                    + driftPerDay);
        }
        choice = choice == null ? ChoiceModel.DEFAULT : choice;
        returns = returns == null ? ReturnModel.DEFAULT : returns;
    }

    public static SimulationConfig defaults(int days, int users) {
        return new SimulationConfig(days, users, 10, Double.NaN, ChoiceModel.DEFAULT, ReturnModel.DEFAULT,
                Runtime.getRuntime().availableProcessors());
    }

    /** The drift speed used in {@code world}. */
    public double driftIn(World world) {
        return Double.isNaN(driftPerDay) ? world.defaultDriftPerDay() : driftPerDay;
    }
}
