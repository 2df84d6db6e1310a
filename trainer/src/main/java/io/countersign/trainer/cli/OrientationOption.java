package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.Orientation;
import picocli.CommandLine.Option;

/** Whether a card's images are turned to their ink's principal axis: calibrate, ensemble. */
final class OrientationOption {

    @Option(
            names = "--orientation",
            paramLabel = "as-scanned|principal-axis",
            description =
                    "turn every image so that its ink's principal axis lies horizontal before it"
                            + " is embedded (principal-axis: a page scanned askew meets its"
                            + " references at the same angle), and fit the rule so; the card"
                            + " records it and the service does the same (default: the card's own;"
                            + " for an ensemble, its members')")
    String id;

    /** {@code card} with the orientation asked for, else as it is. */
    ModelCard applyTo(ModelCard card) {
        return id == null ? card : card.withOrientation(Orientation.parse(id));
    }

    /** The option as given, for a command line that repeats it; empty when not given. */
    String asGiven() {
        return id == null ? "" : " --orientation " + Orientation.parse(id).id();
    }

    /** The option as a command line would repeat it, for a card turned as {@code card} says. */
    static String asArguments(ModelCard card) {
        Orientation turned = card.preprocessing().orientation();
        return turned == Orientation.AS_SCANNED ? "" : " --orientation " + turned.id();
    }
}
