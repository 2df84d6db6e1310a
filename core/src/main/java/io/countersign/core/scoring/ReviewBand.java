package io.countersign.core.scoring;

/**
 * Where a verdict should go to a person: the distances between the two error-targeted thresholds
 * the card's fit chose on validation writers. At or below {@code genuineAtMost}, no more than the
 * card's target share of skilled forgeries were found (a GENUINE verdict there needs no review);
 * above {@code forgedAbove}, no more than its target share of genuine signatures (a FORGED verdict
 * there needs none). Between them the decision is the service's best guess at its threshold, and a
 * bank's workflow refers it. The band always contains the threshold in force, so an automatic
 * verdict never contradicts its decision.
 *
 * @param genuineAtMost the largest distance decided GENUINE without review
 * @param forgedAbove the distance above which FORGED needs no review
 */
public record ReviewBand(double genuineAtMost, double forgedAbove) {

    public ReviewBand {
        if (!(genuineAtMost <= forgedAbove)) {
            throw new IllegalArgumentException(
                    "a review band's lower edge must not exceed its upper edge, was "
                            + genuineAtMost
                            + " and "
                            + forgedAbove);
        }
    }

    /**
     * The band between a card's two error-targeted thresholds, widened where needed to contain the
     * threshold the service decides at (an operator's override may lie outside them).
     */
    public static ReviewBand around(double threshold, double atTargetFar, double atTargetFrr) {
        return new ReviewBand(Math.min(atTargetFar, threshold), Math.max(atTargetFrr, threshold));
    }

    /** Whether a verdict at this (normalised) distance should be reviewed by a person. */
    public boolean refers(double distance) {
        return distance > genuineAtMost && distance <= forgedAbove;
    }
}
