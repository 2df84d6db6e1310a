package io.countersign.streams.config;

/** A configuration problem, told in one line that names the key and what to change. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
