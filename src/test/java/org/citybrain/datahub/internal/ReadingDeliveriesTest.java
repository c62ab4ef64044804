package org.citybrain.datahub.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.citybrain.datahub.ChineseMapCoordinates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the hub reads what departments send: CSV as RFC 4180 has it, their encodings, their mistakes, and their maps' datums. */
class ReadingDeliveriesTest {

    static final Charset GBK = Charset.forName("GBK");

    static List<SourceRow> rows(byte[] file, Charset charset) throws IOException {
        List<SourceRow> out = new ArrayList<>();
        try (CsvRows csv = new CsvRows(new ByteArrayInputStream(file), charset, ',')) {
            SourceRow r;
            while ((r = csv.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
        List<SourceRow> rows = rows("名称,地址\r\n\"郑州\"\"大\"\"药房\",\"金水区, 花园路\r\n1号\"\n\n普通,\r\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).fields()).containsEntry("名称", "郑州\"大\"药房").containsEntry("地址", "金水区, 花园路\r\n1号");
        assertThat(rows.get(1).number()).isEqualTo(2);
        assertThat(rows.get(1).fields()).containsEntry("地址", "");
    }

    @Test
    void gbkIsReadAndABadRowIsRefusedAloneWithTheFieldNamed() throws IOException {
        byte[] good = "姓名,区县\r\n张三,金水区\r\n".getBytes(GBK);
        byte[] bad = {(byte) 0x81, (byte) 0x20, ',', 'x', '\r', '\n'}; // 0x81 0x20 is no GBK character
        byte[] after = "李四,二七区\r\n".getBytes(GBK);
        byte[] file = concat(good, bad, after);
        List<SourceRow> rows = rows(file, GBK);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).fields()).containsEntry("姓名", "张三");
        assertThat(rows.get(1).unreadable().field()).isEqualTo("姓名");
        assertThat(rows.get(1).unreadable().reason()).contains("GBK");
        assertThat(rows.get(2).fields()).containsEntry("区县", "二七区");
    }

    @Test
    void aFileInTheWrongEncodingIsRefusedWhole() {
        assertThatThrownBy(() -> rows("姓名,区县\r\n张三,金水区\r\n".getBytes(GBK), StandardCharsets.UTF_8))
                .isInstanceOf(RefusedDelivery.class).hasMessageContaining("GB18030");
        assertThatThrownBy(() -> rows("姓名,区县\r\n张三,金水区\r\n".getBytes(StandardCharsets.UTF_8), GBK))
                .isInstanceOf(RefusedDelivery.class).hasMessageContaining("UTF-8");
        byte[] bom = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "a,b\r\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> rows(bom, GBK)).isInstanceOf(RefusedDelivery.class).hasMessageContaining("byte order mark");
    }

    @Test
    void aRowWithoutEndIsRefusedWithoutHoldingIt() throws IOException {
        // 200 MiB of one unterminated quoted field, streamed: the reader keeps at most its 1 MiB bound of it.
        InputStream endless = new SequenceInputStream(new ByteArrayInputStream("a,b\r\n1,\"".getBytes(StandardCharsets.UTF_8)), new InputStream() {
            long left = 200L << 20;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        });
        try (CsvRows csv = new CsvRows(endless, StandardCharsets.UTF_8, ',')) {
            SourceRow r = csv.next();
            assertThat(r.unreadable().reason()).contains("1 MiB");
            assertThat(csv.next()).isNull();
            assertThat(csv.bytesRead()).isGreaterThan(200L << 20);
        }
    }

    @Test
    void raggedRowsAreRefusedWithTheCounts() throws IOException {
        List<SourceRow> rows = rows("a,b,c\n1,2\n1,2,3,4\n1,2,3\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(rows.get(0).unreadable().reason()).contains("expected 3 fields, found 2");
        assertThat(rows.get(1).unreadable().reason()).contains("found 4");
        assertThat(rows.get(2).unreadable()).isNull();
    }

    @Test
    void jsonLinesKeepNestedValuesAndRefuseWhatIsNotAnObject() throws IOException {
        String lines = "{\"a\": 1, \"b\": {\"c\": true}}\n[1,2]\n{broken\n\n{\"a\": null}\n";
        List<SourceRow> rows = new ArrayList<>();
        try (JsonLinesRows r = new JsonLinesRows(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)))) {
            SourceRow row;
            while ((row = r.next()) != null) {
                rows.add(row);
            }
        }
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).fields()).containsEntry("a", "1").containsEntry("b", "{\"c\":true}");
        assertThat(rows.get(1).unreadable().reason()).contains("one JSON object");
        assertThat(rows.get(2).unreadable().reason()).contains("not valid JSON");
        assertThat(rows.get(3).fields()).containsEntry("a", null);
    }

    @Test
    void chineseMapCoordinatesComeBackToWgs84() {
        // Zhengzhou's Erqi Memorial Tower (二七纪念塔), WGS 84
        double lon = 113.6656;
        double lat = 34.7538;
        double[] gcj = ChineseMapCoordinates.wgs84ToGcj02(lon, lat);
        double offset = Math.hypot((gcj[0] - lon) * 111_320 * Math.cos(Math.toRadians(lat)), (gcj[1] - lat) * 111_320);
        assertThat(offset).as("GCJ-02 moves a point in Zhengzhou by a few hundred metres").isBetween(200.0, 800.0);
        double[] back = ChineseMapCoordinates.gcj02ToWgs84(gcj[0], gcj[1]);
        assertThat(Math.abs(back[0] - lon)).isLessThan(1e-8);
        assertThat(Math.abs(back[1] - lat)).isLessThan(1e-8);
        double[] bd = ChineseMapCoordinates.wgs84ToBd09(lon, lat);
        double[] fromBaidu = ChineseMapCoordinates.bd09ToWgs84(bd[0], bd[1]);
        assertThat(Math.abs(fromBaidu[0] - lon) * 111_320).isLessThan(0.5);
        assertThat(Math.abs(fromBaidu[1] - lat) * 111_320).isLessThan(0.5);
        // outside China the datums are WGS 84
        assertThat(ChineseMapCoordinates.gcj02ToWgs84(2.35, 48.85)).containsExactly(2.35, 48.85);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
