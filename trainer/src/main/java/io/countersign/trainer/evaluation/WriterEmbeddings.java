package io.countersign.trainer.evaluation;

import io.countersign.trainer.data.ImageNames;
import java.util.List;

/**
 * One writer's embeddings: of its genuine signatures and of the skilled forgeries of them, with the
 * names of the images they were embedded from ({@link io.countersign.trainer.data.WriterImages}).
 */
public record WriterEmbeddings(
        String writer,
        List<float[]> genuine,
        List<float[]> forgeries,
        List<String> genuineNames,
        List<String> forgeryNames) {

    /** Keeps unmodifiable views; every embedding has its image's name. */
    public WriterEmbeddings {
        genuine = List.copyOf(genuine);
        forgeries = List.copyOf(forgeries);
        genuineNames = ImageNames.checked(genuineNames, genuine.size());
        forgeryNames = ImageNames.checked(forgeryNames, forgeries.size());
    }

    /** Embeddings named by their place in the writer's lists. */
    public WriterEmbeddings(String writer, List<float[]> genuine, List<float[]> forgeries) {
        this(
                writer,
                genuine,
                forgeries,
                ImageNames.byPlace("genuine", genuine.size()),
                ImageNames.byPlace("forgery", forgeries.size()));
    }
}
