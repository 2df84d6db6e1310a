package io.countersign.trainer.data;

import java.util.List;
import java.util.stream.IntStream;

/** The names that pair a writer's images with their counterparts in another load of them. */
public final class ImageNames {

    private ImageNames() {}

    /** {@code prefix-0}, {@code prefix-1}, ...: images named by their place in a list. */
    public static List<String> byPlace(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** An unmodifiable copy of {@code names}, one for each of {@code count} images. */
    public static List<String> checked(List<String> names, int count) {
        if (names.size() != count) {
            throw new IllegalArgumentException(
                    count + " images but " + names.size() + " names: one name per image");
        }
        return List.copyOf(names);
    }
}
