package ai.affinity.drift;

import ai.affinity.data.Dataset;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drift monitor on seeded synthetic data: a static iALS model's daily hit rate, watched by
 * Page-Hinkley, flags drift when tastes change completely over the year, and stays quiet on the same
 * events with each user's timestamps shuffled (the no-drift control). Data seeds 11-14 all behave so
 * (alarms on days 106; 60, 140; 71, 138; 87 with drift, none on the controls); the test pins seed 11.
 */
class AdaptationStudyTest {
    private static final String MODEL = "ials:factors=16,alpha=5,lambda=1,iterations=8";

    private static AdaptationStudy.Result run(boolean shuffled) {
        SyntheticConfig cfg = SyntheticConfig.preset("tiny").withSize(1500, 300, 45_000).withDriftStrength(1.0)
                .withInitialItemFraction(1.0).withMedia(false);
        Dataset ds = SyntheticGenerator.generate(cfg, 11);
        if (shuffled) {
            ds = AdaptationStudy.shuffleTimeWithinUsers(ds, 5);
        }
        AdaptationStudy.Options o = new AdaptationStudy.Options(0.5, 2, 10, 11, 2, true, 0.01, 1.0);
        return new AdaptationStudy(ds, o, null).run(List.of(MODEL));
    }

    private static double lastNdcg(AdaptationStudy.Result r, String variant) {
        for (AdaptationStudy.Series s : r.series()) {
            if (s.variant().equals(variant)) {
                return s.windows().get(s.windows().size() - 1).get("ndcg").mean();
            }
        }
        throw new AssertionError("no variant " + variant);
    }

    @Test
    void monitorFiresOnDriftStaysQuietWithoutAndFreshModelsKeepUp() {
        AdaptationStudy.Result drifting = run(false);
        AdaptationStudy.Result control = run(true);
        assertFalse(drifting.alarmDays().get(MODEL).isEmpty(), "drift not flagged");
        assertEquals(List.of(), control.alarmDays().get(MODEL), "alarm on the time-shuffled control");
        // Under drift the model frozen at the cut falls behind the ones that read or learn fresh events.
        assertTrue(lastNdcg(drifting, "fresh-history") > lastNdcg(drifting, "static"));
        assertTrue(lastNdcg(drifting, "incremental") > lastNdcg(drifting, "static"));
        assertEquals(4, drifting.series().size());
    }
}
