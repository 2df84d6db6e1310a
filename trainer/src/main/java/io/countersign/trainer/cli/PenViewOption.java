package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.BroaderPen;
import picocli.CommandLine.Option;

/** Whether a card's rule is fitted with a pen view of each reference: calibrate, ensemble. */
final class PenViewOption {

    @Option(
            names = "--broader-pen",
            paramLabel = "PIXELS",
            description =
                    "embed each reference also as a pen PIXELS broader on each side would have"
                            + " written it, compare each questioned image with the pen nearest its"
                            + " ink level, and fit the rule so (the card records it and the service"
                            + " does the same); 0 for none (default: the card's own, 0 for a new"
                            + " ensemble)")
    Integer pixels;

    /** The pixels asked for, else {@code card}'s own. */
    int orCard(ModelCard card) {
        return checked(pixels != null ? pixels : card.broaderPen());
    }

    /** The pixels asked for, else none. */
    int orNone() {
        return checked(pixels != null ? pixels : 0);
    }

    private static int checked(int chosen) {
        if (chosen < 0 || chosen > BroaderPen.MAX_PIXELS) {
            throw new IllegalArgumentException(
                    "--broader-pen must be 0 to "
                            + BroaderPen.MAX_PIXELS
                            + " pixels, was "
                            + chosen);
        }
        return chosen;
    }

    /** The option as a command line would repeat it, for a rule fitted with {@code chosen}. */
    static String asArguments(int chosen) {
        return chosen > 0 ? " --broader-pen " + chosen : "";
    }
}
