package io.countersign.datasets.layout;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.SignaturePair;
import io.countersign.datasets.SignatureSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the ICDAR 2011 SigComp "sign_data" layout: {@code train/} and {@code test/} writer folders
 * with {@code train_data.csv} / {@code test_data.csv} pair lists, or one flat set of writer folders
 * with its own pair CSV (what {@code synth} writes).
 */
public final class SignDataLayout {

    static final String LAYOUT = "sign_data";
    static final List<String> PARTITIONS = List.of("train", "test");

    private SignDataLayout() {}

    /** True if the folder has a train/ or test/ folder, or writer folders next to a CSV. */
    public static boolean matches(Path root) {
        return PARTITIONS.stream().anyMatch(p -> Files.isDirectory(root.resolve(p)))
                || (csvs(root).size() == 1 && WriterFolders.looksLikeWriterFolders(root));
    }

    /** Reads the dataset under {@code root}; the description is the spec that named it. */
    public static SignatureDataset read(Path root, String description) {
        ImageFiles.requireFolder(LAYOUT, root);
        List<SignatureSample> samples = new ArrayList<>();
        List<SignaturePair> pairs = new ArrayList<>();
        boolean partitioned = false;
        for (String partition : PARTITIONS) {
            Path folder = root.resolve(partition);
            if (Files.isDirectory(folder)) {
                partitioned = true;
                Path csv = root.resolve(partition + "_data.csv");
                if (!Files.isRegularFile(csv)) {
                    throw new DatasetException(
                            LAYOUT + ": missing " + csv + " (the pair list for " + folder + "/)");
                }
                readPart(folder, csv, partition, samples, pairs);
            }
        }
        if (!partitioned) {
            readPart(root, flatCsv(root), "", samples, pairs);
        }
        if (samples.isEmpty()) {
            throw new DatasetException(LAYOUT + ": no signature images under " + root);
        }
        return new SignatureDataset(description, samples, pairs);
    }

    private static void readPart(
            Path folder,
            Path csv,
            String partition,
            List<SignatureSample> samples,
            List<SignaturePair> pairs) {
        List<SignatureSample> found = WriterFolders.read(LAYOUT, folder, partition);
        if (found.isEmpty()) {
            throw new DatasetException(LAYOUT + ": no writer folders with images in " + folder);
        }
        samples.addAll(found);
        pairs.addAll(PairCsv.read(LAYOUT, csv, folder, found));
    }

    private static Path flatCsv(Path root) {
        List<Path> csvs = csvs(root);
        if (csvs.size() == 1) {
            return csvs.get(0);
        }
        if (csvs.isEmpty()) {
            throw new DatasetException(
                    LAYOUT
                            + ": "
                            + root
                            + " has no train/ or test/ folder and no pair CSV"
                            + " (expected train/ + train_data.csv, or writer folders + pairs.csv)");
        }
        Path pairs = root.resolve("pairs.csv");
        if (csvs.contains(pairs)) {
            return pairs;
        }
        throw new DatasetException(
                LAYOUT
                        + ": "
                        + root
                        + " has several CSVs "
                        + csvs
                        + "; name the pair list pairs.csv");
    }

    private static List<Path> csvs(Path root) {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase().endsWith(".csv"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
