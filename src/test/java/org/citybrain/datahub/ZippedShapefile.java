package org.citybrain.datahub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A polygon layer written as a GIS tool exports it — {@code .shp}, {@code .shx}, {@code .dbf} (text fields, in a given
 * encoding, with its dBASE language driver byte), and optionally {@code .prj} and {@code .cpg} — zipped, by the ESRI
 * Shapefile Technical Description (1998) and the dBASE III+ table format.
 */
final class ZippedShapefile {

    /** One feature: its rings (each a closed list of lon, lat pairs, as the layer's writer orders them), its attributes. */
    record Feature(List<double[][]> rings, Map<String, String> attributes, boolean deleted) {
    }

    static final String CGCS2000 = "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],"
            + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
    static final String GAUSS_KRUGER = "PROJCS[\"CGCS2000_3_Degree_GK_CM_114E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\","
            + "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],"
            + "PARAMETER[\"Central_Meridian\",114.0],UNIT[\"Meter\",1.0]]";

    private final List<Feature> features = new ArrayList<>();
    private final List<String> fieldNames;
    private String prj = CGCS2000;
    private String cpg;
    private Charset charset = Charset.forName("GBK");
    private int languageDriver = 0x4D;

    ZippedShapefile(String... fieldNames) {
        this.fieldNames = List.of(fieldNames);
    }

    ZippedShapefile prj(String wkt) {
        this.prj = wkt;
        return this;
    }

    ZippedShapefile utf8WithCpg() {
        this.charset = java.nio.charset.StandardCharsets.UTF_8;
        this.cpg = "UTF-8";
        this.languageDriver = 0;
        return this;
    }

    ZippedShapefile add(boolean deleted, List<double[][]> rings, String... values) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < fieldNames.size(); i++) {
            a.put(fieldNames.get(i), values[i]);
        }
        features.add(new Feature(rings, a, deleted));
        return this;
    }

    /** A ring as an outer boundary is written: clockwise. */
    static double[][] clockwiseSquare(double lon, double lat, double d) {
        return new double[][] {{lon, lat}, {lon, lat + d}, {lon + d, lat + d}, {lon + d, lat}, {lon, lat}};
    }

    /** A hole: counter-clockwise. */
    static double[][] counterClockwiseSquare(double lon, double lat, double d) {
        return new double[][] {{lon, lat}, {lon + d, lat}, {lon + d, lat + d}, {lon, lat + d}, {lon, lat}};
    }

    byte[] zip(String layer) throws IOException {
        ByteArrayOutputStream shp = new ByteArrayOutputStream();
        ByteArrayOutputStream shx = new ByteArrayOutputStream();
        List<byte[]> contents = new ArrayList<>();
        double[] box = {180, 90, -180, -90};
        for (Feature f : features) {
            int points = f.rings().stream().mapToInt(r -> r.length).sum();
            ByteBuffer c = ByteBuffer.allocate(44 + 4 * f.rings().size() + 16 * points).order(ByteOrder.LITTLE_ENDIAN);
            double[] fb = {180, 90, -180, -90};
            for (double[][] ring : f.rings()) {
                for (double[] p : ring) {
                    fb[0] = Math.min(fb[0], p[0]);
                    fb[1] = Math.min(fb[1], p[1]);
                    fb[2] = Math.max(fb[2], p[0]);
                    fb[3] = Math.max(fb[3], p[1]);
                }
            }
            c.putInt(5);
            for (double v : fb) {
                c.putDouble(v);
            }
            c.putInt(f.rings().size()).putInt(points);
            int start = 0;
            for (double[][] ring : f.rings()) {
                c.putInt(start);
                start += ring.length;
            }
            for (double[][] ring : f.rings()) {
                for (double[] p : ring) {
                    c.putDouble(p[0]).putDouble(p[1]);
                }
            }
            contents.add(c.array());
            box[0] = Math.min(box[0], fb[0]);
            box[1] = Math.min(box[1], fb[1]);
            box[2] = Math.max(box[2], fb[2]);
            box[3] = Math.max(box[3], fb[3]);
        }
        int fileWords = 50 + contents.stream().mapToInt(c -> 4 + c.length / 2).sum();
        shp.write(mainHeader(fileWords, box));
        shx.write(mainHeader(50 + 4 * contents.size(), box));
        int offsetWords = 50;
        for (int i = 0; i < contents.size(); i++) {
            byte[] c = contents.get(i);
            shp.write(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(i + 1).putInt(c.length / 2).array());
            shp.write(c);
            shx.write(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(offsetWords).putInt(c.length / 2).array());
            offsetWords += 4 + c.length / 2;
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            entry(out, layer + ".shp", shp.toByteArray());
            entry(out, layer + ".shx", shx.toByteArray());
            entry(out, layer + ".dbf", dbf());
            if (prj != null) {
                entry(out, layer + ".prj", prj.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            if (cpg != null) {
                entry(out, layer + ".cpg", cpg.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        return zip.toByteArray();
    }

    static void entry(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static byte[] mainHeader(int fileWords, double[] box) {
        ByteBuffer h = ByteBuffer.allocate(100);
        h.order(ByteOrder.BIG_ENDIAN).putInt(0, 9994).putInt(24, fileWords);
        h.order(ByteOrder.LITTLE_ENDIAN).putInt(28, 1000).putInt(32, 5);
        for (int i = 0; i < 4; i++) {
            h.putDouble(36 + 8 * i, box[i]);
        }
        return h.array();
    }

    private static final int WIDTH = 40;

    private byte[] dbf() {
        int headerLength = 32 + 32 * fieldNames.size() + 1;
        int recordLength = 1 + WIDTH * fieldNames.size();
        ByteBuffer b = ByteBuffer.allocate(headerLength + recordLength * features.size() + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x03).put((byte) 126).put((byte) 12).put((byte) 3);
        b.putInt(features.size()).putShort((short) headerLength).putShort((short) recordLength);
        b.position(29);
        b.put((byte) languageDriver);
        b.position(32);
        for (String name : fieldNames) {
            byte[] n = name.getBytes(charset);
            byte[] descriptor = new byte[32];
            System.arraycopy(n, 0, descriptor, 0, Math.min(10, n.length));
            descriptor[11] = 'C';
            descriptor[16] = (byte) WIDTH;
            b.put(descriptor);
        }
        b.put((byte) 0x0D);
        for (Feature f : features) {
            b.put((byte) (f.deleted() ? '*' : ' '));
            for (String name : fieldNames) {
                byte[] value = new byte[WIDTH];
                java.util.Arrays.fill(value, (byte) ' ');
                String v = f.attributes().get(name);
                if (v != null) {
                    byte[] text = v.getBytes(charset);
                    System.arraycopy(text, 0, value, 0, Math.min(WIDTH, text.length));
                }
                b.put(value);
            }
        }
        b.put((byte) 0x1A);
        return b.array();
    }
}
