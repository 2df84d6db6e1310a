package io.countersign.datasets;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One signature image of a dataset: whose it is, where it lies, whether it is genuine.
 *
 * @param writer the writer the signature claims to be from (folder or file id, e.g. "049")
 * @param path the image file
 * @param genuine true for the writer's own signature, false for a skilled forgery of it
 * @param partition "train"/"test" where the layout predefines a split, else ""
 */
public record SignatureSample(String writer, Path path, boolean genuine, String partition) {

    public SignatureSample {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(partition, "partition");
    }
}
