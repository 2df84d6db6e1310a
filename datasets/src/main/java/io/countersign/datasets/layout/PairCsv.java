package io.countersign.datasets.layout;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.SignaturePair;
import io.countersign.datasets.SignatureSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a sign_data pair list ({@code image1,image2,label}, header row optional) whose image paths
 * are relative to a base folder.
 */
public final class PairCsv {

    private PairCsv() {}

    /**
     * The listed pairs, each image matched to a sample found in the writer folders.
     *
     * @throws DatasetException naming the file and line of a malformed row or of an image that is
     *     listed but absent
     */
    public static List<SignaturePair> read(
            String layout, Path csv, Path base, List<SignatureSample> samples) {
        Map<Path, SignatureSample> byPath =
                samples.stream()
                        .collect(
                                Collectors.toMap(
                                        s -> s.path().toAbsolutePath().normalize(),
                                        Function.identity(),
                                        (a, b) -> a));
        List<String> lines = lines(layout, csv);
        List<SignaturePair> pairs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && isHeader(line))) {
                continue;
            }
            String where = layout + ": " + csv + " line " + (i + 1);
            String[] fields = line.split(",", -1);
            if (fields.length != 3) {
                throw new DatasetException(
                        where + ": expected image1,image2,label but got '" + line + "'");
            }
            SignatureSample first = lookup(where, base, fields[0], byPath);
            SignatureSample second = lookup(where, base, fields[1], byPath);
            pairs.add(new SignaturePair(first, second, label(where, fields[2])));
        }
        return pairs;
    }

    private static List<String> lines(String layout, Path csv) {
        try {
            return Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException(layout + ": cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /** A header is a first row whose label column is not a number ("target", "label"). */
    private static boolean isHeader(String line) {
        String[] fields = line.split(",", -1);
        String last = unquote(fields[fields.length - 1]);
        return !last.matches("-?\\d+(\\.0+)?");
    }

    private static SignatureSample lookup(
            String where, Path base, String field, Map<Path, SignatureSample> byPath) {
        String name = unquote(field);
        Path path = base.resolve(name).toAbsolutePath().normalize();
        SignatureSample sample = byPath.get(path);
        if (sample != null) {
            return sample;
        }
        if (Files.exists(path)) {
            throw new DatasetException(
                    where + ": image " + name + " is not inside a writer folder of " + base);
        }
        throw new DatasetException(
                where + ": image " + name + " is listed but absent from " + base);
    }

    private static boolean label(String where, String field) {
        return switch (unquote(field)) {
            case "0", "0.0" -> false;
            case "1", "1.0" -> true;
            default ->
                    throw new DatasetException(
                            where
                                    + ": label must be 0 (genuine) or 1 (forged), got '"
                                    + field
                                    + "'");
        };
    }

    private static String unquote(String field) {
        String s = field.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
