package org.citybrain.datahub.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Lines (one JSON object per line, UTF-8, jsonlines.org): each object's members are the row's fields; a nested
 * object or array is kept as its JSON text for the mapping to take apart. Lines are read as bytes with the same bound
 * as a CSV row, so a line without end is refused, not held in memory.
 */
final class JsonLinesRows implements RowReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InputStream in;
    private long consumed;
    private long lineNumber;
    private boolean ended;

    JsonLinesRows(InputStream in) {
        this.in = in.markSupported() ? in : new java.io.BufferedInputStream(in, 1 << 16);
    }

    @Override
    public SourceRow next() throws IOException {
        while (!ended) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            boolean tooLong = false;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                consumed++;
                if (line.size() >= CsvRows.MAX_RECORD_BYTES) {
                    tooLong = true;
                } else {
                    line.write(b);
                }
            }
            if (b == -1) {
                ended = true;
            } else {
                consumed++;
            }
            String text = line.toString(StandardCharsets.UTF_8).strip();
            if (text.isEmpty() && !tooLong) {
                continue;
            }
            long number = ++lineNumber;
            if (tooLong) {
                return SourceRow.unreadable(number, Map.of(), "row", "行超过1 MiB，未读取 / the line is longer than 1 MiB and was not read");
            }
            return objectRow(number, text);
        }
        return null;
    }

    /** One JSON object's text as a row (a JSON line, a message of a topic); anything else is an unreadable row. */
    static SourceRow objectRow(long number, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                return SourceRow.unreadable(number, Map.of("line", abbreviate(text)), "row", "每行应为一个JSON对象 / each line must be one JSON object");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                JsonNode v = member.getValue();
                fields.put(member.getKey(), v.isNull() ? null : v.isValueNode() ? v.asString() : v.toString());
            }
            return SourceRow.read(number, fields);
        } catch (JacksonException e) {
            return SourceRow.unreadable(number, Map.of("line", abbreviate(text)), "row", "不是有效的JSON / not valid JSON");
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    @Override
    public long bytesRead() {
        return consumed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
