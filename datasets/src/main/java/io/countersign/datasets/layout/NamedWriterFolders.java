package io.countersign.datasets.layout;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.SignatureSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a tree of one folder per writer whose genuine signatures and forgeries lie side by side,
 * told apart by their file names (GPDS's {@code c-}/{@code cf-}, MCYT's {@code v}/{@code f}).
 */
final class NamedWriterFolders {

    private static final Logger log = LoggerFactory.getLogger(NamedWriterFolders.class);

    /** What a file name in a writer's folder says it is. */
    enum Kind {
        GENUINE,
        FORGED,
        NEITHER
    }

    /** Tells a file of a writer's folder by its lower-cased name. */
    interface Naming {
        Kind of(String writer, String lowerCaseFileName);
    }

    private NamedWriterFolders() {}

    /**
     * Every sample under {@code root}: per writer folder (sorted), its genuine images then its
     * forgeries, each by file name. Images named otherwise are skipped and counted in one warning.
     *
     * @param expected how the layout names its files, for the error messages
     * @throws DatasetException if no writer folder holds a signature named as expected, or a writer
     *     has forgeries but no genuine image
     */
    static List<SignatureSample> read(String layout, Path root, Naming naming, String expected) {
        ImageFiles.requireFolder(layout, root);
        List<SignatureSample> samples = new ArrayList<>();
        int skipped = 0;
        for (Path folder : ImageFiles.folders(root)) {
            String writer = folder.getFileName().toString();
            List<SignatureSample> genuine = new ArrayList<>();
            List<SignatureSample> forged = new ArrayList<>();
            for (Path image : ImageFiles.in(folder)) {
                String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
                switch (naming.of(writer.toLowerCase(Locale.ROOT), name)) {
                    case GENUINE -> genuine.add(new SignatureSample(writer, image, true, ""));
                    case FORGED -> forged.add(new SignatureSample(writer, image, false, ""));
                    case NEITHER -> skipped++;
                }
            }
            if (genuine.isEmpty() && !forged.isEmpty()) {
                throw new DatasetException(
                        layout
                                + ": writer "
                                + writer
                                + " has forgeries ("
                                + forged.get(0).path().getFileName()
                                + ") but no genuine image in "
                                + folder
                                + " (expected "
                                + expected
                                + ")");
            }
            samples.addAll(genuine);
            samples.addAll(forged);
        }
        if (samples.isEmpty()) {
            throw new DatasetException(
                    layout
                            + ": no signature images in the writer folders of "
                            + root
                            + " (expected "
                            + expected
                            + ")");
        }
        if (skipped > 0) {
            log.warn("{}: skipped {} images not named as {}", layout, skipped, expected);
        }
        return samples;
    }
}
