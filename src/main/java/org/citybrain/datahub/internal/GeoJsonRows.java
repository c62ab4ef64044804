package org.citybrain.datahub.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A GeoJSON FeatureCollection (RFC 7946), streamed: the parser walks to the {@code features} array and reads one
 * feature at a time, so a file of any size loads in flat memory. Each feature is a row: its {@code properties} as
 * fields (nested values as their JSON text), its {@code geometry} as the JSON text of field {@code geometry} (a mapping
 * field of type geometry checks it), its {@code id} as field {@code id} unless a property has that name. A feature
 * that is not one is a rejected row; a file that is not a FeatureCollection is refused whole; JSON that breaks off
 * mid-file ends the run with a rejected row saying where (what came before it stands, as in a CSV).
 */
final class GeoJsonRows implements RowReader {

    // one feature at a time from the middle of a document: what follows a feature is not "trailing"
    private static final JsonMapper JSON = JsonMapper.builder().disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final Counting in;
    private final JsonParser parser;
    private long number;
    private boolean inFeatures;
    private boolean ended;

    GeoJsonRows(InputStream raw) {
        this.in = new Counting(raw);
        this.parser = JSON.createParser(in);
    }

    @Override
    public SourceRow next() throws IOException {
        if (ended) {
            return null;
        }
        try {
            if (!inFeatures) {
                findFeatures();
                if (ended) {
                    return null;
                }
            }
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY || t == null) {
                ended = true;
                return null;
            }
            long row = ++number;
            JsonNode feature = JSON.readTree(parser);
            if (feature == null || !feature.isObject() || !"Feature".equals(feature.path("type").asString(""))) {
                return SourceRow.unreadable(row, Map.of(), "row", "不是 GeoJSON 要素（type 应为 Feature） / not a GeoJSON Feature");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            JsonNode properties = feature.get("properties");
            if (properties != null && properties.isObject()) {
                for (Map.Entry<String, JsonNode> p : properties.properties()) {
                    JsonNode v = p.getValue();
                    fields.put(p.getKey(), v.isNull() ? null : v.isValueNode() ? v.asString() : v.toString());
                }
            }
            JsonNode geometry = feature.get("geometry");
            fields.putIfAbsent("geometry", geometry == null || geometry.isNull() ? null : geometry.toString());
            if (feature.hasNonNull("id")) {
                fields.putIfAbsent("id", feature.get("id").asString());
            }
            return SourceRow.read(row, fields);
        } catch (JacksonException e) {
            ended = true;
            return SourceRow.unreadable(++number, Map.of(), "row", "第" + in.count + "字节处 JSON 无法解析，其后未读取 / the JSON breaks off at byte " + in.count
                    + " and the rest of the file was not read");
        }
    }

    /** Walks the top-level object to its features array; a document that is not a FeatureCollection is refused whole. */
    private void findFeatures() {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new RefusedDelivery("file", "不是 GeoJSON 要素集合（FeatureCollection） / not a GeoJSON FeatureCollection");
        }
        while (true) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_OBJECT || t == null) {
                throw new RefusedDelivery("file", "GeoJSON 中没有 features / the GeoJSON has no features");
            }
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("type".equals(name) && !(value == JsonToken.VALUE_STRING && "FeatureCollection".equals(parser.getString()))) {
                throw new RefusedDelivery("file", "不是 GeoJSON 要素集合（FeatureCollection） / not a GeoJSON FeatureCollection");
            }
            if ("features".equals(name)) {
                if (value != JsonToken.START_ARRAY) {
                    throw new RefusedDelivery("file", "features 应为数组 / features must be an array");
                }
                inFeatures = true;
                return;
            }
            parser.skipChildren();
        }
    }

    @Override
    public long bytesRead() {
        return in.count;
    }

    @Override
    public void close() throws IOException {
        parser.close();
        in.close();
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
