package io.countersign.datasets.layout;

import io.countersign.datasets.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Lists the files of a folder that are signature images, whatever the case of the extension. */
public final class ImageFiles {

    private static final Set<String> EXTENSIONS =
            Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff");

    private ImageFiles() {}

    /** True for a file name with an image extension (.png, .PNG, .jpg, .tif, ...). */
    public static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The image files directly inside a folder, sorted by name; empty if the folder is absent. */
    public static List<Path> in(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The sub-folders of a folder, sorted by name, hidden ones left out. */
    public static List<Path> folders(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Fails with one line unless the path is an existing folder. */
    public static void requireFolder(String layout, Path folder) {
        if (!Files.exists(folder)) {
            throw new DatasetException(layout + ": " + folder + " does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw new DatasetException(layout + ": " + folder + " is not a folder");
        }
    }
}
