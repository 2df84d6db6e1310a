package io.countersign.schemas.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every current schema must read every released version (BACKWARD): a careless change fails. */
class SchemaCompatibilityTest {

    static List<Schema> current() {
        return List.of(
                EnrollmentEvent.getClassSchema(),
                VerificationRequest.getClassSchema(),
                Verdict.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("current")
    void currentSchemaReadsEveryReleasedVersion(Schema current) {
        List<KeptSchema> history = SchemaHistory.of(current.getName());

        assertThat(history).as("released versions of %s", current.getName()).isNotEmpty();
        for (KeptSchema kept : history) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, kept.schema());
            assertThat(result.getType())
                    .as("%s reads %s: %s", current.getName(), kept, result.getDescription())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void theLatestReleaseIsTheCurrentSchema() {
        for (Schema current : current()) {
            List<KeptSchema> history = SchemaHistory.of(current.getName());
            KeptSchema latest = history.get(history.size() - 1);
            assertThat(latest.fingerprint())
                    .as("%s changed without a new avro-history version", current.getName())
                    .isEqualTo(org.apache.avro.SchemaNormalization.parsingFingerprint64(current));
        }
    }

    @Test
    void anIncompatibleChangeIsCaught() {
        // A new required field without a default cannot read old records
        Schema careless =
                new Schema.Parser()
                        .parse(
                                VerificationRequest.getClassSchema()
                                        .toString()
                                        .replaceFirst(
                                                "\"fields\":\\[",
                                                "\"fields\":[{\"name\":\"branch\",\"type\":\"string\"},"));
        KeptSchema v0 = SchemaHistory.of("VerificationRequest").get(0);

        var result = SchemaCompatibility.checkReaderWriterCompatibility(careless, v0.schema());

        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void theSameCheckTheBuildRunsNamesTheCarelessField() {
        Schema careless =
                new Schema.Parser()
                        .parse(
                                VerificationRequest.getClassSchema()
                                        .toString()
                                        .replaceFirst(
                                                "\"fields\":\\[",
                                                "\"fields\":[{\"name\":\"branch\",\"type\":\"string\"},"));

        List<String> problems =
                SchemaHistory.backwardIncompatibilities(
                        careless, SchemaHistory.of("VerificationRequest"));

        assertThat(problems).hasSize(2).allMatch(p -> p.contains("branch"));
        assertThat(
                        SchemaHistory.backwardIncompatibilities(
                                VerificationRequest.getClassSchema(),
                                SchemaHistory.of("VerificationRequest")))
                .isEmpty();
    }

    @Test
    void everyKeptFileIsRegistered() throws Exception {
        // Given the files under src/main/resources/avro-history
        java.nio.file.Path root = java.nio.file.Path.of("src/main/resources", SchemaHistory.ROOT);
        List<String> onDisk;
        try (var files = java.nio.file.Files.walk(root)) {
            onDisk =
                    files.filter(f -> f.toString().endsWith(".avsc"))
                            .map(f -> root.relativize(f).toString().replace('\\', '/'))
                            .sorted()
                            .toList();
        }

        // Then each is a version SchemaHistory serves, and nothing else
        assertThat(onDisk)
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(
                        SchemaHistory.all().stream()
                                .map(k -> k.type() + "/v" + k.version() + ".avsc")
                                .toList());
    }
}
