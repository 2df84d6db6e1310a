package io.countersign.trainer.data;

/**
 * The relative frequency of genuine, skilled-forgery and random-forgery pairs in training, e.g.
 * {@code 2:1:1} for half genuine pairs, a quarter of each kind of forgery.
 */
public record PairMix(double genuine, double skilled, double random) {

    /** Balanced: as many genuine pairs as forgery pairs, forgeries half skilled, half random. */
    public static final PairMix BALANCED = new PairMix(2, 1, 1);

    /** Checks that the weights are usable. */
    public PairMix {
        if (genuine <= 0 || skilled < 0 || random < 0 || skilled + random <= 0) {
            throw new IllegalArgumentException(
                    "pair mix needs a positive genuine weight and some forgeries: "
                            + genuine
                            + ":"
                            + skilled
                            + ":"
                            + random);
        }
    }

    /** Parses {@code G:S:R}. */
    public static PairMix parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "pair mix '" + text + "' must be genuine:skilled:random, e.g. 2:1:1");
        }
        try {
            return new PairMix(
                    Double.parseDouble(parts[0]),
                    Double.parseDouble(parts[1]),
                    Double.parseDouble(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "pair mix '" + text + "' must be three numbers, e.g. 2:1:1", e);
        }
    }

    /** Draws a kind with these weights. */
    public PairKind draw(java.util.Random random) {
        double u = random.nextDouble() * (genuine + skilled + this.random);
        if (u < genuine) {
            return PairKind.GENUINE;
        }
        return u < genuine + skilled ? PairKind.SKILLED : PairKind.RANDOM;
    }

    @Override
    public String toString() {
        return fmt(genuine) + ":" + fmt(skilled) + ":" + fmt(random);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
