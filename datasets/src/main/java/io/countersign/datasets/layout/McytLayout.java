package io.countersign.datasets.layout;

import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.layout.NamedWriterFolders.Kind;
import java.nio.file.Path;

/**
 * Reads the MCYT-75 offline layout: one folder per user, {@code 0002/0002v00.bmp} genuine ("v",
 * verdadera) and {@code 0002/0003_0002f00.bmp} a skilled forgery of user 0002 by user 0003 ("f",
 * falsa; copies without the forger's number, {@code 0002f00.bmp}, read the same).
 */
public final class McytLayout {

    static final String LAYOUT = "mcyt";
    private static final String EXPECTED =
            "one folder per user, 0002/0002v00.bmp genuine and 0002/0003_0002f00.bmp forged";

    private McytLayout() {}

    /** Reads the dataset under {@code root}; the description is the spec that named it. */
    public static SignatureDataset read(Path root, String description) {
        return new SignatureDataset(
                description, NamedWriterFolders.read(LAYOUT, root, McytLayout::kind, EXPECTED));
    }

    private static Kind kind(String user, String name) {
        if (name.startsWith(user + "v")) {
            return Kind.GENUINE;
        }
        // The forged user's number and "f" follow the forger's number and an underscore, if any.
        return name.startsWith(user + "f") || name.contains("_" + user + "f")
                ? Kind.FORGED
                : Kind.NEITHER;
    }
}
