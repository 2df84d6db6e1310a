package io.countersign.datasets.synthetic;

import java.util.SplittableRandom;

/** Derives independent, reproducible random streams from a seed and a path of integers. */
final class Seeds {

    private Seeds() {}

    /** A generator determined by the seed and the parts alone (SplitMix64 mixing). */
    static SplittableRandom random(long seed, long... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long part : parts) {
            h = mix(h ^ mix(part + 0x632BE59BD9B4E019L));
        }
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [lo, hi). */
    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
