package io.countersign.trainer.cli;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.layout.CedarLayout;
import io.countersign.datasets.layout.FolderLayout;
import io.countersign.datasets.layout.SignDataLayout;
import java.nio.file.Path;

/**
 * Resolves a {@code --dataset} spec to a dataset through the datasets module's readers.
 *
 * <p>Stop-gap until {@code io.countersign.datasets.DatasetSpec} lands in the datasets module: then
 * {@link #load} becomes a call to {@code DatasetSpec.load(spec)}.
 */
final class DatasetArgument {

    private DatasetArgument() {}

    static SignatureDataset load(String spec) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String rest = colon < 0 ? "" : spec.substring(colon + 1);
        SignatureDataset data;
        switch (kind) {
            case "sign_data" -> data = SignDataLayout.read(folder(spec, rest), spec);
            case "cedar" -> data = CedarLayout.read(folder(spec, rest), spec);
            case "folders" -> data = FolderLayout.read(folder(spec, rest), spec);
            case "synthetic" ->
                    throw new DatasetException(
                            "synthetic datasets need the datasets module's generator, which this build"
                                    + " lacks: use sign_data:DIR, cedar:DIR or folders:DIR");
            default ->
                    throw new DatasetException(
                            "unknown dataset spec '"
                                    + spec
                                    + "': use synthetic[:writers=N,...], sign_data:DIR, cedar:DIR or"
                                    + " folders:DIR");
        }
        if (data.samples().isEmpty()) {
            throw new DatasetException(spec + " holds no signature images: check the path");
        }
        return data;
    }

    private static Path folder(String spec, String rest) {
        if (rest.isBlank()) {
            throw new DatasetException(
                    "dataset spec '" + spec + "' needs a folder after the colon");
        }
        return Path.of(rest);
    }
}
