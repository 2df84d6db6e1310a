package io.countersign.streams.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reading image files for the tools: bytes, content type, the images of a folder. */
public final class Images {

    private Images() {}

    public static ByteBuffer read(Path file) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The content type a file's extension names (a file without one is taken for PNG). */
    public static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            return "image/tiff";
        }
        int dot = name.lastIndexOf('.');
        return "image/" + (dot < 0 ? "png" : name.substring(dot + 1));
    }

    static List<Path> in(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(
                            f ->
                                    f.getFileName()
                                            .toString()
                                            .toLowerCase(Locale.ROOT)
                                            .matches(".*\\.(png|jpe?g|bmp|gif|tiff?)"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
