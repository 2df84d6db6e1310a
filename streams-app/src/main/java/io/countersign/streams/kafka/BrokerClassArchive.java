package io.countersign.streams.kafka;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data-sharing archive (AppCDS) of the embedded broker's classes, so that every broker
 * after the first starts without loading and verifying Kafka's classes again: 4.2 → 2.8 s to an
 * open port on the 2-core VM. The first broker started with a given classpath writes the archive
 * when it exits cleanly ({@code -XX:ArchiveClassesAtExit}, into a file of its own, published by an
 * atomic move, so brokers running side by side never read a half-written one); later ones map it
 * ({@code -XX:SharedArchiveFile}). The name hashes the JVM, the classpath and each entry's size and
 * modification time: a rebuilt jar gets a new archive instead of one the JVM would refuse. Anything
 * that goes wrong here costs only the speed-up: a JVM that cannot map an archive starts without it.
 */
final class BrokerClassArchive {

    private static final Logger log = LoggerFactory.getLogger(BrokerClassArchive.class);

    /** Archives kept per directory (one per build of the classpath; ~50 MB each). */
    private static final int KEPT = 3;

    private final Path archive;
    private final Path pending;

    private BrokerClassArchive(Path archive, Path pending) {
        this.archive = archive;
        this.pending = pending;
    }

    /** The archive for a child JVM on {@code classpath}, kept in {@code directory}. */
    static BrokerClassArchive of(Path directory, String classpath) {
        Path archive = directory.resolve("broker-" + key(classpath) + ".jsa");
        Path pending =
                directory.resolve(
                        archive.getFileName()
                                + "."
                                + ProcessHandle.current().pid()
                                + "-"
                                + System.nanoTime()
                                + ".part");
        return new BrokerClassArchive(archive, pending);
    }

    /**
     * {@code classpath} with its directories after its jars, in their order otherwise: the JVM
     * archives classes only from jars, and refuses to write an archive at all when a non-empty
     * directory comes before one ("Cannot have non-empty directory in paths"). The broker's classes
     * are all in jars; the directories (a build's classes) hold only our own.
     */
    static String jarsFirst(String classpath) {
        List<String> jars = new ArrayList<>();
        List<String> directories = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            (new File(entry).isDirectory() ? directories : jars).add(entry);
        }
        jars.addAll(directories);
        return String.join(File.pathSeparator, jars);
    }

    /** Where archives live unless told otherwise: one directory per user's temporary folder. */
    static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "countersign-broker-cds");
    }

    /** The child JVM's options: map the archive where there is one, else write one at exit. */
    List<String> jvmOptions() {
        if (!hotSpot()) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        // Another JVM (or a future HotSpot without these options) starts as if they were absent.
        options.add("-XX:+IgnoreUnrecognizedVMOptions");
        // Writing one warns of every class it leaves out (thousands of lines): errors only.
        options.add("-Xlog:cds*=error");
        if (Files.isReadable(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
        } else {
            try {
                Files.createDirectories(archive.getParent());
                options.add("-XX:ArchiveClassesAtExit=" + pending);
            } catch (IOException e) {
                log.debug("No broker class archive: cannot create {}", archive.getParent(), e);
            }
        }
        return options;
    }

    /**
     * After the child exited: publishes what it wrote (a killed JVM writes nothing, or a part) and
     * removes all but the newest archives.
     */
    void publish(boolean exitedCleanly) {
        try {
            if (Files.exists(pending)) {
                if (exitedCleanly && !Files.exists(archive)) {
                    Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE);
                    prune(archive.getParent());
                } else {
                    Files.delete(pending);
                }
            }
        } catch (IOException e) {
            log.debug("Broker class archive not kept", e);
        }
    }

    private static void prune(Path directory) throws IOException {
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "broker-*.jsa")) {
            files.forEach(archives::add);
        }
        archives.sort(Comparator.comparing(BrokerClassArchive::modified).reversed());
        for (Path stale : archives.subList(Math.min(KEPT, archives.size()), archives.size())) {
            // Deleting a mapped file is safe on POSIX; elsewhere a JVM may hold it: try later.
            Files.deleteIfExists(stale);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static boolean hotSpot() {
        String vm = System.getProperty("java.vm.name", "");
        return vm.contains("HotSpot") || vm.contains("OpenJDK");
    }

    private static String key(String classpath) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, System.getProperty("java.home"));
            update(sha, System.getProperty("java.vm.version"));
            for (String entry : classpath.split(File.pathSeparator)) {
                File file = new File(entry);
                update(sha, entry + '\0' + file.length() + '\0' + file.lastModified());
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
