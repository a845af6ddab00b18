/**
 * The engagement simulator ({@code affinity simulate}): simulated users whose true preferences come
 * from a {@link ai.affinity.simulate.World} (the synthetic generator's latent factors, or an iALS model
 * fitted on real data), a position-based click model ({@link ai.affinity.simulate.ChoiceModel}), a return
 * model driven by yesterday's clicks ({@link ai.affinity.simulate.ReturnModel}), items arriving daily and
 * drifting tastes. {@link ai.affinity.simulate.Simulator} runs {@link ai.affinity.simulate.PolicySpec}
 * arms day by day; {@link ai.affinity.simulate.SimulationReport} gives DAU, CTR and retention with
 * t-intervals over seeds; {@link ai.affinity.simulate.EventLog} writes every impression and click as CSV
 * for replay through the server's engagement pipeline.
 *
 * <p>Simulated engagement is a model: the numbers follow from its assumptions, which every report states.
 */
package ai.affinity.simulate;
