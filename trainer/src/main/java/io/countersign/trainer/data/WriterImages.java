package io.countersign.trainer.data;

import java.util.List;

/**
 * One writer's preprocessed images: genuine signatures and skilled forgeries of them, each named
 * (its file, for a corpus) so that two loads of the same writers through different channels can be
 * matched image for image even where one of them could not read some.
 */
public record WriterImages(
        String writer,
        List<float[]> genuine,
        List<float[]> forgeries,
        List<String> genuineNames,
        List<String> forgeryNames) {

    /** Keeps unmodifiable views; every image has a name. */
    public WriterImages {
        genuine = List.copyOf(genuine);
        forgeries = List.copyOf(forgeries);
        genuineNames = ImageNames.checked(genuineNames, genuine.size());
        forgeryNames = ImageNames.checked(forgeryNames, forgeries.size());
    }

    /** Images named by their place in the writer's lists (generated writers, fixtures). */
    public WriterImages(String writer, List<float[]> genuine, List<float[]> forgeries) {
        this(
                writer,
                genuine,
                forgeries,
                ImageNames.byPlace("genuine", genuine.size()),
                ImageNames.byPlace("forgery", forgeries.size()));
    }
}
