package org.citybrain.population;

/**
 * A search for residents. All fields optional; the reader's jurisdiction is always applied on top.
 *
 * @param name      name or its beginning
 * @param community a 9- or 12-digit division code to narrow to a street or community
 */
public record ResidentQuery(String name, String community, int offset, int limit) {

    public static final int MAX_LIMIT = 100;
}
