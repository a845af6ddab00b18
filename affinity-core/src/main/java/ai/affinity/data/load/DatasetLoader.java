package ai.affinity.data.load;

import ai.affinity.data.Dataset;

import java.io.IOException;

/**
 * Loads one data-set format from a path (a file or a directory, as the format defines). Registered
 * by name with {@link DataSources#register}.
 */
@FunctionalInterface
public interface DatasetLoader {
    /**
     * @throws IOException                          when the path or a required file cannot be read
     * @throws ai.affinity.data.DataFormatException when the content is malformed (and not skipped)
     */
    Dataset load(String path, LoadOptions opts) throws IOException;
}
