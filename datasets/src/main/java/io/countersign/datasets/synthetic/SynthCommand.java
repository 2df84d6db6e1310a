package io.countersign.datasets.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code countersign synth}: writes a synthetic signature dataset in the sign_data layout. */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description =
                "Write synthetic signatures (genuine and skilled forgeries) in the ICDAR 2011"
                        + " sign_data layout: DIR/001/, DIR/001_forg/, DIR/pairs.csv.")
public final class SynthCommand implements Callable<Integer> {

    @Option(
            names = "--writers",
            defaultValue = "10",
            description = "writers (default ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--genuine", defaultValue = "8", description = "genuine signatures per writer")
    int genuine;

    @Option(names = "--forgeries", defaultValue = "8", description = "skilled forgeries per writer")
    int forgeries;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "seed; the same seed writes the same pixels")
    long seed;

    @Option(names = "--out", description = "output folder")
    Path out;

    @Option(
            names = "--sheet",
            paramLabel = "PNG",
            description =
                    "also (or only, without --out) write a contact sheet of the first writers")
    Path sheet;

    @Option(names = "--force", description = "write into a folder that is not empty")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (writers < 1 || genuine < 2 || forgeries < 0) {
            System.err.println(
                    "countersign synth: need --writers >= 1, --genuine >= 2 and --forgeries >= 0");
            return 2;
        }
        if (out == null && sheet == null) {
            System.err.println(
                    "countersign synth: give --out DIR (the dataset) and/or --sheet PNG");
            return 2;
        }
        if (sheet != null) {
            SampleSheet.write(new SyntheticSignatures(seed), Math.min(writers, 5), sheet);
            System.out.println("Wrote a sample sheet to " + sheet);
        }
        if (out == null) {
            return 0;
        }
        if (Files.isDirectory(out) && !isEmpty(out) && !force) {
            System.err.println(
                    "countersign synth: "
                            + out
                            + " is not empty: choose another --out or add --force");
            return 2;
        }
        Files.createDirectories(out);
        long start = System.nanoTime();
        SyntheticDatasetWriter.Summary summary =
                SyntheticDatasetWriter.write(out, writers, genuine, forgeries, seed);
        System.out.printf(
                "Wrote %d writers, %d genuine and %d forged signatures, %d pairs to %s in %.1f s%n",
                summary.writers(),
                summary.genuine(),
                summary.forgeries(),
                summary.pairs(),
                out,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
