package io.countersign.datasets.layout;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.SignatureSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a folder-per-writer tree: genuine images in {@code W/}, forgeries in {@code W_forg/} or
 * {@code W/forg/}, as ICDAR 2011 SigComp and many private corpora store them.
 */
public final class WriterFolders {

    static final String FORGERY_SUFFIX = "_forg";
    static final String FORGERY_FOLDER = "forg";

    private WriterFolders() {}

    /** True if the folder holds at least one writer folder with images. */
    public static boolean looksLikeWriterFolders(Path root) {
        return ImageFiles.folders(root).stream().anyMatch(d -> !ImageFiles.in(d).isEmpty());
    }

    /**
     * Every sample under {@code root}, sorted by writer then file.
     *
     * @throws DatasetException if a writer has forgeries but no genuine image
     */
    public static List<SignatureSample> read(String layout, Path root, String partition) {
        Map<String, List<SignatureSample>> genuine = new TreeMap<>();
        Map<String, List<SignatureSample>> forged = new TreeMap<>();
        for (Path folder : ImageFiles.folders(root)) {
            String name = folder.getFileName().toString();
            if (name.endsWith(FORGERY_SUFFIX) && name.length() > FORGERY_SUFFIX.length()) {
                String writer = name.substring(0, name.length() - FORGERY_SUFFIX.length());
                add(forged, writer, folder, false, partition);
            } else {
                add(genuine, name, folder, true, partition);
                add(forged, name, folder.resolve(FORGERY_FOLDER), false, partition);
            }
        }
        List<SignatureSample> samples = new ArrayList<>();
        for (Map.Entry<String, List<SignatureSample>> entry : forged.entrySet()) {
            if (!entry.getValue().isEmpty() && !genuine.containsKey(entry.getKey())) {
                throw noGenuine(layout, root, entry.getKey());
            }
        }
        for (Map.Entry<String, List<SignatureSample>> entry : genuine.entrySet()) {
            String writer = entry.getKey();
            List<SignatureSample> forgeries = forged.getOrDefault(writer, List.of());
            if (entry.getValue().isEmpty() && !forgeries.isEmpty()) {
                throw noGenuine(layout, root, writer);
            }
            samples.addAll(entry.getValue());
            samples.addAll(forgeries);
        }
        return samples;
    }

    private static void add(
            Map<String, List<SignatureSample>> byWriter,
            String writer,
            Path folder,
            boolean isGenuine,
            String partition) {
        List<SignatureSample> list = byWriter.computeIfAbsent(writer, w -> new ArrayList<>());
        for (Path image : ImageFiles.in(folder)) {
            list.add(new SignatureSample(writer, image, isGenuine, partition));
        }
    }

    private static DatasetException noGenuine(String layout, Path root, String writer) {
        return new DatasetException(
                layout
                        + ": writer "
                        + writer
                        + " has forgeries but no genuine images ("
                        + root.resolve(writer)
                        + "/ is missing or holds no image)");
    }
}
