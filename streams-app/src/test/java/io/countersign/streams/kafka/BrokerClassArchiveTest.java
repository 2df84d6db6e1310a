package io.countersign.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the broker's class archive is written, when it is read, and when it is thrown away. */
class BrokerClassArchiveTest {

    @TempDir Path dir;

    @Test
    void directoriesGoAfterTheJarsInTheirOrder() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path testClasses = Files.createDirectories(dir.resolve("test-classes"));
        Path a = Files.writeString(dir.resolve("a.jar"), "a");
        Path b = Files.writeString(dir.resolve("b.jar"), "b");

        String reordered = BrokerClassArchive.jarsFirst(path(testClasses, classes, b, a));

        assertThat(reordered).isEqualTo(path(b, a, testClasses, classes));
    }

    @Test
    void theFirstBrokerWritesTheArchiveAndTheNextOneReadsIt() throws IOException {
        Path archives = dir.resolve("archives");
        String classpath = path(Files.writeString(dir.resolve("kafka.jar"), "kafka"));

        // Given no archive yet, the first broker is told to write one at exit
        BrokerClassArchive first = BrokerClassArchive.of(archives, classpath);
        Path written = option(first.jvmOptions(), "-XX:ArchiveClassesAtExit=");
        Files.writeString(written, "what the JVM dumped");
        // When it exits cleanly
        first.publish(true);

        // Then the next broker on the same classpath reads it, and nothing half-written is left
        Path read =
                option(
                        BrokerClassArchive.of(archives, classpath).jvmOptions(),
                        "-XX:SharedArchiveFile=");
        assertThat(read).hasContent("what the JVM dumped");
        assertThat(files(archives)).containsExactly(read);
    }

    @Test
    void aKilledBrokersPartIsDiscardedAndTheNextOneTriesAgain() throws IOException {
        Path archives = dir.resolve("archives");
        String classpath = path(Files.writeString(dir.resolve("kafka.jar"), "kafka"));
        BrokerClassArchive killed = BrokerClassArchive.of(archives, classpath);
        Files.writeString(option(killed.jvmOptions(), "-XX:ArchiveClassesAtExit="), "torn");

        killed.publish(false);

        assertThat(files(archives)).isEmpty();
        assertThat(BrokerClassArchive.of(archives, classpath).jvmOptions())
                .anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    void aRebuiltJarGetsAnArchiveOfItsOwn() throws IOException {
        Path archives = dir.resolve("archives");
        Path jar = Files.writeString(dir.resolve("kafka.jar"), "kafka");
        publish(archives, path(jar));

        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        assertThat(BrokerClassArchive.of(archives, path(jar)).jvmOptions())
                .anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="))
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
    }

    @Test
    void onlyTheThreeNewestArchivesAreKept() throws IOException {
        Path archives = dir.resolve("archives");
        for (int build = 0; build < 5; build++) {
            Path jar = Files.writeString(dir.resolve("kafka-" + build + ".jar"), "build " + build);
            publish(archives, path(jar));
            for (Path archive : files(archives)) { // each older than the one just written
                if (!Files.readString(archive).equals("build " + build)) {
                    Files.setLastModifiedTime(
                            archive,
                            FileTime.fromMillis(
                                    Files.getLastModifiedTime(archive).toMillis() - 1000));
                }
            }
        }

        assertThat(files(archives)).hasSize(3);
        assertThat(files(archives).stream().map(BrokerClassArchiveTest::content))
                .containsExactlyInAnyOrder("build 2", "build 3", "build 4");
    }

    private static void publish(Path archives, String classpath) throws IOException {
        BrokerClassArchive archive = BrokerClassArchive.of(archives, classpath);
        Path written = option(archive.jvmOptions(), "-XX:ArchiveClassesAtExit=");
        Files.writeString(written, Files.readString(Path.of(classpath)));
        archive.publish(true);
    }

    private static Path option(List<String> options, String prefix) {
        return options.stream()
                .filter(o -> o.startsWith(prefix))
                .map(o -> Path.of(o.substring(prefix.length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(prefix + " not in " + options));
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static String content(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String path(Path... entries) {
        return String.join(File.pathSeparator, Stream.of(entries).map(Path::toString).toList());
    }
}
