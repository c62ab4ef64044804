package org.citybrain.datahub;

import java.nio.file.Path;

import tools.jackson.databind.JsonNode;

/**
 * Feeds declared on behalf of the big-data bureau (the demo city's outside feeds; a deployment's initial setup) and the
 * watched folder they deliver into.
 */
public interface Feeds {

    /**
     * Declares a source, publishes its mapping when it differs from the current one, and describes its dataset in the
     * catalogue, as {@code PUT /sources/{id}}, {@code POST /sources/{id}/mappings} and {@code PUT /catalogue/{id}} do:
     * {@code {"source": {...}, "mapping": {...}, "dataset": {...}}}.
     */
    void declare(JsonNode declaration, String by);

    /**
     * Records a push source's system sends, as {@code POST /sources/{id}/records} takes them: loaded at once, the key
     * making a resent batch the same run. Returns how many were accepted.
     */
    long push(String sourceId, java.util.List<JsonNode> records, String idempotencyKey, String by);

    /** The folder a file source's files are dropped into; each file is loaded once and moved to {@code done/}. */
    Path inbox(String sourceId);
}
