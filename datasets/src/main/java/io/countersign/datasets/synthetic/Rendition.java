package io.countersign.datasets.synthetic;

import java.util.SplittableRandom;

/**
 * How one sample departs from the prototype: a genuine writer's natural variation, or a forger's
 * slower, shakier, less proportionate imitation.
 *
 * @param rotation extra rotation in radians
 * @param scale overall scale
 * @param xScale extra horizontal scale (narrower or wider writing)
 * @param slant extra slant (shear) on top of the writer's
 * @param jitter standard deviation of the smooth knot displacement (units)
 * @param warp amplitude of the slow horizontal stretch along the line (proportion errors, units)
 * @param heightWarp relative amplitude of the slow change in letter height along the line
 * @param tremor amplitude of the high-frequency wobble across the stroke (units)
 * @param hesitations pen stops: where a stroke breaks and restarts with a small blot
 * @param taper how thin the stroke starts and ends (1 = no taper, fast strokes taper most)
 * @param pressure pen width factor
 * @param pressureNoise how much the width varies along the stroke
 */
record Rendition(
        double rotation,
        double scale,
        double xScale,
        double slant,
        double jitter,
        double warp,
        double heightWarp,
        double tremor,
        int hesitations,
        double taper,
        double pressure,
        double pressureNoise) {

    static Rendition genuine(WriterStyle style, SplittableRandom r) {
        return new Rendition(
                r.nextGaussian() * Math.toRadians(1.5),
                Seeds.uniform(r, 0.93, 1.07),
                Seeds.uniform(r, 0.95, 1.05),
                r.nextGaussian() * 0.03,
                style.variability(),
                Seeds.uniform(r, 0.02, 0.08),
                Seeds.uniform(r, 0.02, 0.06),
                0.0,
                r.nextDouble() < 0.05 ? 1 : 0,
                Seeds.uniform(r, 0.25, 0.45),
                Seeds.uniform(r, 0.85, 1.15),
                Seeds.uniform(r, 0.1, 0.2));
    }

    static Rendition forgery(WriterStyle style, SplittableRandom r) {
        return new Rendition(
                r.nextGaussian() * Math.toRadians(3.0),
                Seeds.uniform(r, 0.85, 1.15),
                Seeds.uniform(r, 0.85, 1.15),
                (r.nextBoolean() ? 1 : -1) * Seeds.uniform(r, 0.06, 0.18),
                Math.max(0.08, style.variability() * Seeds.uniform(r, 2.0, 3.5)),
                Seeds.uniform(r, 0.15, 0.35),
                Seeds.uniform(r, 0.1, 0.25),
                Seeds.uniform(r, 0.006, 0.02),
                1 + r.nextInt(3),
                Seeds.uniform(r, 0.7, 0.95),
                Seeds.uniform(r, 0.85, 1.25),
                Seeds.uniform(r, 0.05, 0.12));
    }
}
