package io.countersign.datasets.synthetic;

import java.util.SplittableRandom;

/**
 * Knot patterns for the parts of a signature: a capital, a run of cursive letters, a paraph. Loops
 * come from knot order: a down-stroke that returns left of its up-stroke crosses it.
 */
final class Letters {

    /**
     * The hand that draws the letters.
     *
     * @param width mean letter advance in x-height units
     * @param loopiness how far down-strokes swing back left (0 = garlands, 1 = loops)
     * @param amplitude height of the small letters (1 = legible, lower = flat scrawl)
     * @param ascenders probability that a letter has a tall loop
     * @param descenders probability that a letter has a loop below the baseline
     * @param capital height of capitals in x-height units
     */
    record Hand(
            double width,
            double loopiness,
            double amplitude,
            double ascenders,
            double descenders,
            double capital) {}

    private Letters() {}

    /** A capital starting at {@code x0} on the baseline, left so that cursive can continue. */
    static void capital(Curve.Builder b, Hand hand, double x0, SplittableRandom r) {
        double h = hand.capital() * Seeds.uniform(r, 0.85, 1.15);
        double c = h * Seeds.uniform(r, 0.45, 0.8);
        switch (r.nextInt(5)) {
            case 0 -> // tall looped stem: L, l, h, J
                    b.add(x0, 0.1)
                            .add(x0 + 0.8 * c, 0.75 * h)
                            .add(x0 + 0.65 * c, h)
                            .add(x0 + 0.3 * c, 0.7 * h)
                            .add(x0 + 0.3 * c, 0.05);
            case 1 -> // oval: O, C, D, Q
                    b.add(x0 + c, 0.85 * h)
                            .add(x0 + 0.5 * c, h)
                            .add(x0, 0.5 * h)
                            .add(x0 + 0.45 * c, 0.0)
                            .add(x0 + 1.05 * c, 0.45 * h)
                            .add(x0 + 0.75 * c, 0.9 * h)
                            .add(x0 + 0.6 * c, 0.2);
            case 2 -> // stem and bowl: P, B, R
                    b.add(x0 + 0.35 * c, h)
                            .add(x0 + 0.15 * c, 0.05)
                            .add(x0 + 0.3 * c, 0.7 * h)
                            .add(x0 + 0.55 * c, h)
                            .add(x0 + 1.15 * c, 0.75 * h)
                            .add(x0 + 0.35 * c, 0.45 * h)
                            .add(x0 + 1.05 * c, 0.05);
            case 3 -> // arches: M, N, W
                    b.add(x0, 0.0)
                            .add(x0 + 0.2 * c, h)
                            .add(x0 + 0.4 * c, 0.1)
                            .add(x0 + 0.6 * c, 0.9 * h)
                            .add(x0 + 0.85 * c, 0.1)
                            .add(x0 + 1.1 * c, 0.75 * h);
            default -> scribble(b, x0, c, h, r);
        }
    }

    /** A free capital: a few random knots in the capital's box, left to right on average. */
    private static void scribble(
            Curve.Builder b, double x0, double c, double h, SplittableRandom r) {
        int knots = 4 + r.nextInt(3);
        for (int i = 0; i < knots; i++) {
            double t = (double) i / (knots - 1);
            double x = x0 + c * (t + Seeds.uniform(r, -0.35, 0.35));
            double y = (i % 2 == 0 ? Seeds.uniform(r, 0.0, 0.35) : Seeds.uniform(r, 0.6, 1.0)) * h;
            b.add(x, y);
        }
    }

    /**
     * {@code count} cursive letters continuing the builder's stroke; returns the i-dot x or NaN.
     */
    static double cursive(Curve.Builder b, Hand hand, int count, SplittableRandom r) {
        double x = b.isEmpty() ? 0 : b.lastX();
        double dotX = Double.NaN;
        for (int i = 0; i < count; i++) {
            double w = hand.width() * Seeds.uniform(r, 0.75, 1.3);
            double back = hand.loopiness() * Seeds.uniform(r, 0.2, 0.6) * w;
            double roll = r.nextDouble();
            double small = hand.amplitude() * Seeds.uniform(r, 0.85, 1.15);
            if (roll < hand.ascenders()) {
                double top = Seeds.uniform(r, 2.1, 2.9);
                b.add(x + 0.65 * w, top)
                        .add(x + 0.65 * w - back - 0.1, Seeds.uniform(r, -0.05, 0.1));
            } else if (roll < hand.ascenders() + hand.descenders()) {
                double stem = x + 0.55 * w;
                b.add(stem, small)
                        .add(stem - 0.05, Seeds.uniform(r, -1.7, -1.2))
                        .add(stem - 0.45 * w - back, Seeds.uniform(r, -0.9, -0.5));
            } else if (roll < 0.75) {
                b.add(x + 0.55 * w, small).add(x + 0.55 * w - back, Seeds.uniform(r, -0.05, 0.1));
                if (Double.isNaN(dotX) && r.nextDouble() < 0.15) {
                    dotX = x + 0.55 * w;
                }
            } else {
                // a closed round letter: o, a, e
                b.add(x + 0.85 * w, small)
                        .add(x + 0.3 * w, 0.8 * small)
                        .add(x + 0.3 * w, 0.1)
                        .add(x + 0.85 * w, 0.25 * small);
            }
            x += w;
        }
        return dotX;
    }

    /** A paraph: the pen runs on from the last letter back under the name. */
    static void swoop(Curve.Builder b, double startX, SplittableRandom r) {
        double endX = b.lastX();
        double depth = Seeds.uniform(r, 0.5, 1.4);
        b.add(endX + Seeds.uniform(r, 0.3, 0.9), Seeds.uniform(r, 0.4, 1.4))
                .add(endX + Seeds.uniform(r, 0.0, 0.5), -depth)
                .add((endX + startX) / 2, -depth - Seeds.uniform(r, 0.1, 0.5))
                .add(startX + Seeds.uniform(r, -0.6, 0.6), -depth + Seeds.uniform(r, -0.2, 0.3));
        if (r.nextBoolean()) {
            b.add(startX + Seeds.uniform(r, 0.8, 2.0), -depth + Seeds.uniform(r, 0.2, 0.6));
        }
    }

    /** A separate underline stroke from under the start to past the end, slightly curved. */
    static Curve underline(double startX, double endX, SplittableRandom r) {
        double y = -Seeds.uniform(r, 0.5, 1.5);
        double sag = Seeds.uniform(r, -0.25, 0.25);
        Curve.Builder b = new Curve.Builder();
        if (r.nextBoolean()) {
            b.add(startX - 0.2, y + Seeds.uniform(r, 0.3, 0.7));
        }
        b.add(startX, y)
                .add(startX + 0.4 * (endX - startX), y + sag)
                .add(endX, y + Seeds.uniform(r, -0.3, 0.3))
                .add(endX + Seeds.uniform(r, 0.3, 1.0), y + Seeds.uniform(r, -0.2, 0.6));
        return b.build();
    }

    /** A short dash: an i-dot or the full stop after an initial. */
    static Curve dot(double x, double y, SplittableRandom r) {
        double len = Seeds.uniform(r, 0.06, 0.2);
        return new Curve.Builder()
                .add(x, y)
                .add(x + len, y + Seeds.uniform(r, -0.05, 0.08))
                .build();
    }
}
