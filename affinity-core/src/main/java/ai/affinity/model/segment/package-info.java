/**
 * Segment popularity ({@link ai.affinity.model.segment.SegmentPopularity}, "segpop"): most popular
 * items within the user's segment, defined by user attributes ({@link ai.affinity.model.segment.UserSegments})
 * or by the item categories the user's history favours, smoothed toward global popularity. The
 * traditional cold-start fallback for users with features and few or no events.
 */
package ai.affinity.model.segment;
