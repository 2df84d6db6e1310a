package io.countersign.trainer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Looks up one of a fixed set of choices (an enum whose {@code toString} is the name the command
 * line, checkpoints and cards use) by that name, or says in one line which names exist.
 */
public final class Choices {

    private Choices() {}

    /**
     * The choice named {@code value} (case and surrounding blanks ignored).
     *
     * @param what what is being chosen, for the error, e.g. {@code "threshold rule"}
     * @throws IllegalArgumentException naming the choices where none has that name
     */
    public static <E extends Enum<E>> E parse(E[] choices, String value, String what) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(choices)
                .filter(c -> c.toString().equals(wanted))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown "
                                                + what
                                                + " '"
                                                + value
                                                + "': use one of "
                                                + Arrays.stream(choices)
                                                        .map(Object::toString)
                                                        .collect(Collectors.joining(", "))));
    }
}
