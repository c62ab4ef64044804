package org.citybrain.datahub.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV as RFC 4180 describes it (fields separated by a delimiter, double quotes around fields that hold one, a doubled
 * quote inside), read at the level of bytes and decoded field by field in the source's declared encoding.
 *
 * <p>Why not a CSV library: departments send what they have, and the hub must keep reading after a bad row. A row in
 * the wrong encoding must be refused on its own (a decoder over the whole stream stops at the first bad byte or
 * silently replaces it), and a 2 GB "row" from a missing closing quote must be refused without holding it in memory;
 * the libraries at hand (Commons CSV, Jackson's CSV) decode the stream first and bound neither. Splitting bytes is
 * safe for the encodings departments use: in UTF-8, GBK and GB18030 every byte of a multi-byte character is 0x30 or
 * above, so a comma, a quote, CR or LF byte is always that character.
 */
final class CsvRows implements RowReader, WithHeader {

    static final int MAX_RECORD_BYTES = 1 << 20;

    private final InputStream in;
    private final Charset charset;
    private final byte delimiter;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long consumed;
    private boolean ended;
    private long rowNumber;
    private final List<String> header;

    /** Reads the header row; refuses the delivery when it is not in the declared encoding. */
    CsvRows(InputStream in, Charset charset, char delimiter) throws IOException {
        this.in = in;
        this.charset = charset;
        this.delimiter = (byte) delimiter;
        skipByteOrderMark();
        Record first = record();
        if (first == null) {
            throw new RefusedDelivery("file", "文件为空 / the file is empty");
        }
        if (first.tooLong) {
            throw new RefusedDelivery("file", "表头超过1 MiB，不是CSV文件 / the header row is longer than 1 MiB: not a CSV file");
        }
        List<String> names = new ArrayList<>();
        for (byte[] field : first.fields) {
            String name = strictly(field);
            if (name == null) {
                throw new RefusedDelivery("encoding", wrongEncoding(field));
            }
            names.add(name.strip());
        }
        if (!StandardCharsets.UTF_8.equals(charset) && names.stream().anyMatch(n -> !n.chars().allMatch(c -> c < 128))) {
            // GBK decodes most UTF-8 text without complaint, into other characters (乱码): a header that is also valid UTF-8
            // with Chinese in it was written in UTF-8.
            byte[] raw = String.join(",", names).getBytes(charset);
            if (validIn(raw, StandardCharsets.UTF_8)) {
                throw new RefusedDelivery("encoding", "文件似为UTF-8编码，数据源声明为" + charset.name() + " / the file looks like UTF-8, the source declares "
                        + charset.name());
            }
        }
        this.header = List.copyOf(names);
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public SourceRow next() throws IOException {
        while (true) {
            Record r = record();
            if (r == null) {
                return null;
            }
            long number = ++rowNumber;
            if (r.fields.size() == 1 && r.fields.getFirst().length == 0) {
                rowNumber--;
                continue; // an empty line: nothing to load, nothing to refuse
            }
            Map<String, String> fields = new LinkedHashMap<>();
            if (r.tooLong) {
                return SourceRow.unreadable(number, fields, "row", "行超过1 MiB，未读取 / the row is longer than 1 MiB and was not read");
            }
            String badField = null;
            for (int i = 0; i < r.fields.size(); i++) {
                String name = i < header.size() ? header.get(i) : "#" + (i + 1);
                String value = strictly(r.fields.get(i));
                if (value == null) {
                    badField = badField == null ? name : badField;
                    value = new String(r.fields.get(i), charset); // replaced characters, to show what arrived
                }
                fields.put(name, value);
            }
            if (badField != null) {
                return SourceRow.unreadable(number, fields, badField, "字段不是" + charset.name() + "编码 / the field is not valid " + charset.name());
            }
            if (r.fields.size() != header.size()) {
                return SourceRow.unreadable(number, fields, "row", "应有" + header.size() + "列，实有" + r.fields.size() + "列 / expected " + header.size()
                        + " fields, found " + r.fields.size());
            }
            return SourceRow.read(number, fields);
        }
    }

    @Override
    public long bytesRead() {
        return consumed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private record Record(List<byte[]> fields, boolean tooLong) {
    }

    /** One record's fields as bytes (quotes removed), or null at the end of the input. */
    private Record record() throws IOException {
        if (!fill()) {
            return null;
        }
        List<byte[]> fields = new ArrayList<>();
        ByteBuffer field = ByteBuffer.allocate(256);
        long size = 0;
        boolean quoted = false;
        boolean tooLong = false;
        boolean atFieldStart = true;
        while (fill()) {
            byte b = buffer[position++];
            consumed++;
            size++;
            if (size > MAX_RECORD_BYTES && !tooLong) {
                tooLong = true;
                fields.clear();
                field = null;
            }
            if (quoted) {
                if (b == '"') {
                    if (fill() && buffer[position] == '"') {
                        position++;
                        consumed++;
                        field = append(field, b);
                    } else {
                        quoted = false;
                    }
                } else {
                    field = append(field, b);
                }
                continue;
            }
            if (b == '"' && atFieldStart) {
                quoted = true;
                atFieldStart = false;
            } else if (b == delimiter) {
                fields.add(bytes(field));
                field = tooLong ? null : ByteBuffer.allocate(64);
                atFieldStart = true;
            } else if (b == '\n' || b == '\r') {
                if (b == '\r' && fill() && buffer[position] == '\n') {
                    position++;
                    consumed++;
                }
                break;
            } else {
                field = append(field, b);
                atFieldStart = false;
            }
        }
        fields.add(bytes(field));
        return new Record(tooLong ? List.of() : fields, tooLong);
    }

    private static ByteBuffer append(ByteBuffer field, byte b) {
        if (field == null) {
            return null; // a record past the limit: read to its end, keep nothing
        }
        if (!field.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(field.capacity() * 2);
            field.flip();
            bigger.put(field);
            field = bigger;
        }
        return field.put(b);
    }

    private static byte[] bytes(ByteBuffer field) {
        if (field == null) {
            return new byte[0];
        }
        byte[] out = new byte[field.position()];
        field.flip();
        field.get(out);
        return out;
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        if (ended) {
            return false;
        }
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
            ended = true;
            limit = 0;
            return false;
        }
        return true;
    }

    private void skipByteOrderMark() throws IOException {
        if (fill() && limit >= 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
            if (!StandardCharsets.UTF_8.equals(charset)) {
                throw new RefusedDelivery("encoding", "文件以UTF-8标记开头，数据源声明为" + charset.name() + " / the file starts with a UTF-8 byte order mark, the source declares "
                        + charset.name());
            }
            position = 3;
            consumed = 3;
        }
    }

    private String strictly(byte[] bytes) {
        return strictly(bytes, charset);
    }

    /** The bytes as text in that charset, or null when they are not text in it (nothing replaced, nothing guessed). */
    static String strictly(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean validIn(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private String wrongEncoding(byte[] header) {
        for (String other : List.of("UTF-8", "GB18030")) {
            Charset c = Charset.forName(other);
            if (!c.equals(charset) && validIn(header, c)) {
                return "表头不是" + charset.name() + "编码（似为" + other + "） / the header is not valid " + charset.name() + " (it looks like " + other + ")";
            }
        }
        return "表头不是" + charset.name() + "编码 / the header is not valid " + charset.name();
    }
}
