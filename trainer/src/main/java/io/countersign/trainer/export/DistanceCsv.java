package io.countersign.trainer.export;

import io.countersign.trainer.evaluation.DistanceSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes pair distances as {@code kind,distance} lines. */
final class DistanceCsv {

    private DistanceCsv() {}

    static void write(Path file, DistanceSet set) throws IOException {
        StringBuilder csv = new StringBuilder("kind,distance\n");
        append(csv, "genuine", set.genuine());
        append(csv, "skilled", set.skilled());
        append(csv, "random", set.random());
        Files.writeString(file, csv);
    }

    private static void append(StringBuilder csv, String kind, double[] values) {
        for (double v : values) {
            csv.append(kind).append(',').append(v).append('\n');
        }
    }

    static DistanceSet read(Path file) throws IOException {
        List<Double> genuine = new ArrayList<>();
        List<Double> skilled = new ArrayList<>();
        List<Double> random = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",");
            if (f.length != 2 || f[0].equals("kind")) {
                continue;
            }
            double d = Double.parseDouble(f[1]);
            switch (f[0]) {
                case "genuine" -> genuine.add(d);
                case "skilled" -> skilled.add(d);
                default -> random.add(d);
            }
        }
        return new DistanceSet(array(genuine), array(skilled), array(random));
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
