package io.countersign.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the deploy files live in, as the build passes it (countersign.root). */
final class Repo {

    private Repo() {}

    static Path root() {
        String root = System.getProperty("countersign.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        return path.toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped model, which the image copies and the in-process service loads. */
    static Path model() {
        return path("models/signet-s-ensemble5-int8");
    }
}
