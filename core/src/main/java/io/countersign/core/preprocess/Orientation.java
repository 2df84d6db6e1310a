package io.countersign.core.preprocess;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a signature is turned before it is fitted into the canvas, as a model card's {@code
 * orientation} says: left as scanned, or turned so that the principal axis of its ink lies
 * horizontal ({@link PrincipalAxis}), so that a page scanned askew and the references it is
 * compared with meet at the same angle.
 */
public enum Orientation {
    /** As the page was scanned: every card before orientation. */
    AS_SCANNED("as-scanned"),
    /** The ink's principal axis turned horizontal. */
    PRINCIPAL_AXIS("principal-axis");

    private final String id;

    Orientation(String id) {
        this.id = id;
    }

    /** The name a model card and a command line use. */
    public String id() {
        return id;
    }

    /**
     * The orientation named {@code id}; null means {@link #AS_SCANNED}, as in a card that predates
     * the field.
     *
     * @throws IllegalArgumentException naming the ones there are
     */
    public static Orientation parse(String id) {
        if (id == null) {
            return AS_SCANNED;
        }
        for (Orientation o : values()) {
            if (o.id.equals(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException(
                "unknown orientation '"
                        + id
                        + "': use "
                        + Arrays.stream(values())
                                .map(Orientation::id)
                                .collect(Collectors.joining(" or ")));
    }
}
