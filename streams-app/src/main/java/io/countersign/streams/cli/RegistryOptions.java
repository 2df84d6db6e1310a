package io.countersign.streams.cli;

import io.countersign.schemas.registry.RegistrySettings;
import io.countersign.schemas.serde.EventFormats;
import io.countersign.schemas.serde.EventFormats.Framing;
import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.registry.RegistryConnection;
import io.countersign.streams.topology.TopologySettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How the tools frame what they publish: single-object encoding (default), or the schema registry's
 * framing with --framing registry, the registry given by --schema-registry-url or the
 * schema.registry.* settings of --config. With a registry known, verdicts are read in either
 * framing.
 */
final class RegistryOptions {

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description =
                    "Confluent-API schema registry (Apicurio: http://HOST:8080/apis/ccompat/v7);"
                            + " default: schema.registry.url from --config")
    URI url;

    @Option(
            names = "--framing",
            paramLabel = "FRAMING",
            defaultValue = "single-object",
            description =
                    "single-object or registry (the registry's 0x00 + schema id, as stock"
                            + " registry serializers write); default ${DEFAULT-VALUE}")
    String framing;

    private EventFormats formats;

    /**
     * The event serdes for the tools, given the --config file of the Kafka options; built once
     * (with a registry, building registers our schemas under their subjects).
     */
    EventFormats formats(Path config) {
        if (formats == null) {
            formats = build(config);
        }
        return formats;
    }

    private EventFormats build(Path config) {
        Framing chosen = parseFraming();
        Optional<RegistrySettings> registry = settings(config);
        if (registry.isEmpty()) {
            if (chosen == Framing.REGISTRY) {
                throw new IllegalArgumentException(
                        "--framing registry needs --schema-registry-url, or schema.registry.url"
                                + " in --config");
            }
            return EventFormats.singleObject();
        }
        return RegistryConnection.forProducer(
                        registry.get(), TopologySettings.defaults().topics(), chosen)
                .formats();
    }

    private Optional<RegistrySettings> settings(Path config) {
        Optional<RegistrySettings> configured =
                config == null
                        ? Optional.empty()
                        : ServiceConfig.load(config, System.getenv()).schemaRegistry();
        if (url == null) {
            return configured;
        }
        return Optional.of(
                configured
                        .map(
                                c ->
                                        new RegistrySettings(
                                                url,
                                                c.userInfo(),
                                                c.trustStore(),
                                                c.keyStore(),
                                                c.requestTimeout(),
                                                c.lookupMaxWait()))
                        .orElseGet(() -> RegistrySettings.of(url)));
    }

    private Framing parseFraming() {
        return switch (framing) {
            case "single-object" -> Framing.SINGLE_OBJECT;
            case "registry" -> Framing.REGISTRY;
            default ->
                    throw new IllegalArgumentException(
                            "--framing " + framing + " is not one of single-object, registry");
        };
    }
}
