package org.citybrain.datahub.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
        if (value.length > CsvRows.MAX_RECORD_BYTES) {
            return SourceRow.unreadable(number, Map.of("message", where), "row", "消息超过1 MiB，未读取 / the message is longer than 1 MiB and was not read");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString().strip();
        } catch (CharacterCodingException e) {
            return SourceRow.unreadable(number, Map.of("message", where), "row", "消息不是 UTF-8 / the message is not UTF-8");
        }
        SourceRow row = JsonLinesRows.objectRow(number, text);
        if (row.unreadable() != null) {
            return SourceRow.unreadable(number, Map.of("message", where + ": " + JsonLinesRows.abbreviate(text)), row.unreadable().field(),
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
