package io.countersign.datasets.layout;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.SignaturePair;
import io.countersign.datasets.SignatureSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a generic folder per writer: genuine images in {@code W/}, forgeries in {@code W_forg/} or
 * {@code W/forg/}, any image extension; a {@code pairs.csv} next to them is read if present.
 */
public final class FolderLayout {

    static final String LAYOUT = "folders";

    private FolderLayout() {}

    /** Reads the dataset under {@code root}; the description is the spec that named it. */
    public static SignatureDataset read(Path root, String description) {
        ImageFiles.requireFolder(LAYOUT, root);
        List<SignatureSample> samples = WriterFolders.read(LAYOUT, root, "");
        if (samples.isEmpty()) {
            throw new DatasetException(
                    LAYOUT
                            + ": no signature images in "
                            + root
                            + " (expected one folder per writer, forgeries in W_forg/ or W/forg/)");
        }
        Path csv = root.resolve("pairs.csv");
        List<SignaturePair> pairs =
                Files.isRegularFile(csv) ? PairCsv.read(LAYOUT, csv, root, samples) : List.of();
        return new SignatureDataset(description, samples, pairs);
    }
}
