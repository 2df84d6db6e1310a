package io.countersign.datasets.synthetic;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Procedural signatures, in the spirit of the GPDS synthetic corpus: every writer has a prototype
 * signature; genuine samples vary it as a hand does, skilled forgeries imitate it with tremor,
 * hesitations and proportion errors. Seeded and deterministic per (seed, writer, sample);
 * thread-safe.
 */
public final class SyntheticSignatures {

    /** Changes whenever a seed starts to draw other pixels, so cached datasets are not reused. */
    public static final int VERSION = 1;

    private static final long PROTOTYPE = 0;
    private static final long GENUINE = 1;
    private static final long FORGERY = 2;

    private final long seed;
    private final Map<Integer, Prototype> prototypes = new ConcurrentHashMap<>();

    public SyntheticSignatures(long seed) {
        this.seed = seed;
    }

    /** Sample {@code sample} of writer {@code writer}'s genuine signature. */
    public BufferedImage genuine(int writer, int sample) {
        Prototype prototype = prototype(writer);
        return SignatureRenderer.render(
                prototype,
                Rendition.genuine(
                        prototype.style(), Seeds.random(seed, writer, GENUINE, sample, 0)),
                Seeds.random(seed, writer, GENUINE, sample, 1));
    }

    /**
     * A skilled forgery of writer {@code writer}'s signature, the forger's attempt {@code sample}.
     */
    public BufferedImage skilledForgery(int writer, int sample) {
        Prototype prototype = prototype(writer);
        return SignatureRenderer.render(
                prototype,
                Rendition.forgery(
                        prototype.style(), Seeds.random(seed, writer, FORGERY, sample, 0)),
                Seeds.random(seed, writer, FORGERY, sample, 1));
    }

    private Prototype prototype(int writer) {
        return prototypes.computeIfAbsent(
                writer, w -> PrototypeFactory.create(Seeds.random(seed, w, PROTOTYPE)));
    }
}
