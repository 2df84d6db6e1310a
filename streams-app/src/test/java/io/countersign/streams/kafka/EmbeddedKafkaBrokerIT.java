package io.countersign.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker under the tests' own classpath (build directories before jars, as Maven runs
 * them): the first broker writes its class archive, the second starts from it.
 */
class EmbeddedKafkaBrokerIT {

    @TempDir Path dir;

    @Test
    void aCleanlyStoppedBrokerLeavesAClassArchiveThatTheNextOneMaps() throws IOException {
        Path archives = dir.resolve("archives");
        Path data = dir.resolve("kafka");

        // Given a broker with no archive yet, stopped cleanly
        EmbeddedKafkaBroker.start(data, 1 << 20, 0, archives).close();

        // Then it left one archive and the JVM reported no CDS error writing it
        List<Path> written = files(archives);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).getFileName().toString()).endsWith(".jsa");
        assertThat(Files.readString(data.resolve("broker.log"))).doesNotContain("[error][cds]");

        // When the next broker starts (on the same storage, formatted once)
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(data, 1 << 20, 0, archives)) {
            // Then it was started from that archive, and answers
            assertThat(second.command()).contains("-XX:SharedArchiveFile=" + written.get(0));
            assertThat(second.bootstrapServers()).startsWith("localhost:");
        }
        assertThat(Files.readString(data.resolve("broker.log"))).doesNotContain("[error][cds]");
        assertThat(files(archives)).isEqualTo(written);
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
