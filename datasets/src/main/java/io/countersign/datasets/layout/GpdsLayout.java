package io.countersign.datasets.layout;

import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.layout.NamedWriterFolders.Kind;
import java.nio.file.Path;

/**
 * Reads the GPDS layout (GPDS-960, GPDS-300 and the GPDS Synthetic corpus, as distributed): one
 * folder per writer, {@code 001/c-001-01.png} genuine and {@code 001/cf-001-01.png} forged, in
 * whichever image format the copy has.
 */
public final class GpdsLayout {

    static final String LAYOUT = "gpds";
    private static final String EXPECTED =
            "one folder per writer, 001/c-001-01.jpg genuine and 001/cf-001-01.jpg forged";

    private GpdsLayout() {}

    /** Reads the dataset under {@code root}; the description is the spec that named it. */
    public static SignatureDataset read(Path root, String description) {
        return new SignatureDataset(
                description, NamedWriterFolders.read(LAYOUT, root, GpdsLayout::kind, EXPECTED));
    }

    private static Kind kind(String writer, String name) {
        if (name.startsWith("cf-")) {
            return Kind.FORGED;
        }
        return name.startsWith("c-") ? Kind.GENUINE : Kind.NEITHER;
    }
}
