package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The corpora a model was trained on, as its card names them ({@code training.dataset}: specs
 * joined by " + "), so that a fit meant for writers it never saw can refuse them.
 */
record TrainingCorpora(List<String> specs) {

    static TrainingCorpora of(ModelCard card) {
        Object dataset = card.training().get("dataset");
        return new TrainingCorpora(
                dataset == null ? List.of() : Arrays.asList(dataset.toString().split(" \\+ ")));
    }

    /**
     * Whether {@code spec} reads images of these corpora: the same generated set, or a folder that
     * is one of theirs or lies inside one (a layout's {@code train/}, one language of BHSig260).
     */
    boolean contain(String spec) {
        for (String trained : specs) {
            if (trained.equals(spec)) {
                return true;
            }
            Path folder = folder(spec);
            Path trainedFolder = folder(trained);
            if (folder != null && trainedFolder != null && folder.startsWith(trainedFolder)) {
                return true;
            }
        }
        return false;
    }

    /** The folder a spec reads ({@code kind:DIR}), absolute; null for a generated set. */
    private static Path folder(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0 || spec.startsWith("synthetic")) {
            return null;
        }
        Path folder = Path.of(spec.substring(colon + 1)).toAbsolutePath().normalize();
        try {
            return folder.toRealPath();
        } catch (IOException notThere) {
            return folder;
        }
    }
}
