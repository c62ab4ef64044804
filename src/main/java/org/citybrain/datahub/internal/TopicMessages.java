package org.citybrain.datahub.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A batch of a topic's messages as rows: each message one JSON object in UTF-8 (as JSON lines are), numbered in the
 * batch; a message that is not — another encoding, not JSON, an array — is a rejected row naming its partition and
 * offset, so the department can find it in its own system.
 */
final class TopicMessages implements RowReader {

    private final List<ConsumerRecord<String, byte[]>> messages;
    private int next;
    private long bytes;

    TopicMessages(List<ConsumerRecord<String, byte[]>> messages) {
        this.messages = messages;
    }

    @Override
    public SourceRow next() {
        if (next >= messages.size()) {
            return null;
        }
        ConsumerRecord<String, byte[]> m = messages.get(next++);
        long number = next;
        byte[] value = m.value() == null ? new byte[0] : m.value();
        bytes += value.length;
        String where = "分区" + m.partition() + "偏移" + m.offset() + " / partition " + m.partition() + " offset " + m.offset();
        Decoded d = decode(value);
        return d.problem() != null ? SourceRow.unreadable(number, Map.of("message", where), "row", d.problem()) : row(number, d.text(), where);
    }

    /** A message's bytes as text, or why they are not: longer than a row may be, or not UTF-8. */
    record Decoded(String text, String problem) {
    }

    static Decoded decode(byte[] value) {
        if (value.length > CsvRows.MAX_RECORD_BYTES) {
            return new Decoded(null, "消息超过1 MiB，未读取 / the message is longer than 1 MiB and was not read");
        }
        String text = CsvRows.strictly(value, StandardCharsets.UTF_8);
        return text == null ? new Decoded(null, "消息不是 UTF-8 / the message is not UTF-8") : new Decoded(text, null);
    }

    /** A message's text as a row: one JSON object, or a rejected row saying where the message was ({@code where}). */
    static SourceRow row(long number, String text, String where) {
        SourceRow row = JsonLinesRows.objectRow(number, text.strip());
        if (row.unreadable() != null) {
            return SourceRow.unreadable(number, Map.of("message", where + ": " + JsonLinesRows.abbreviate(text)), "row",
                    "消息应为一个JSON对象 / a message must be one JSON object");
        }
        return row;
    }

    @Override
    public long bytesRead() {
        return bytes;
    }

    @Override
    public void close() {
    }
}
