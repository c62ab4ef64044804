package org.citybrain.datahub.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/**
 * A zipped ESRI Shapefile — how planning, water and land departments hand over their layers — read record by record:
 * the geometry from the {@code .shp} and the attributes from the {@code .dbf} side by side, so a layer of any size
 * loads in flat memory. Each record is a row: its attributes by the dBASE field names, its shape as the GeoJSON text of
 * field {@code geometry} (a mapping field of type geometry checks it is valid, as for a GeoJSON file).
 *
 * <p>Read by the published formats, not a GIS library's (GeoTools is not on Maven Central, and reading the two files
 * is a few hundred lines): the <em>ESRI Shapefile Technical Description</em> (ESRI White Paper, July 1998) for the
 * main file — big-endian record headers, little-endian shapes; polygon rings clockwise for outer boundaries and
 * counter-clockwise for holes — and the dBASE III+ table file (header, 32-byte field descriptors ending in 0x0D,
 * fixed-width records behind a deletion flag) for the attributes. The attributes' encoding is the {@code .cpg} file's
 * when there is one, else the dBASE language driver byte (0x4D and 0x7A: GBK, as Chinese GIS tools write), else the
 * source's declared encoding.
 *
 * <p>Coordinates must be longitude/latitude: WGS 84, or CGCS2000 (China's geodetic datum, within centimetres of
 * WGS 84 at a city's scale); a layer in projected coordinates (Gauss–Krüger zones, Web Mercator) is refused naming
 * its system, since reprojecting it is the department's export setting, not a guess we should make. A zip with no
 * layer, two layers, a {@code .shp} without its {@code .dbf}, or entries that inflate beyond reason (a zip bomb) is
 * refused whole; a record that cannot be read is a rejected row.
 */
final class ShapefileRows implements RowReader, WithHeader {

    /** An entry inflating more than this many times its compressed size is taken for a zip bomb (POI's guard: 100). */
    private static final int MAX_INFLATION = 100;
    /** A single shape larger than this is not a city's feature but a broken or hostile file. */
    private static final int MAX_RECORD_BYTES = 64 << 20;
    private static final int FILE_CODE = 9994;

    private final Path copy;
    private final ZipFile zip;
    private final long zipSize;
    private final long inflatedTotal;
    private final Bounded shp;
    private final Bounded dbf;
    private final Charset charset;
    private final List<DbfField> fields;
    private final List<String> header;
    private final int recordLength;
    private final long dbfRecords;
    private final GeometryFactory geometries = new GeometryFactory();
    private final GeoJsonWriter geoJson = new GeoJsonWriter(8);
    private long number;
    private boolean ended;

    private record DbfField(String name, char type, int length) {
    }

    ShapefileRows(InputStream in, Charset declared) throws IOException {
        geoJson.setEncodeCRS(false);
        geoJson.setForceCCW(true); // RFC 7946 §3.1.6: exterior rings counter-clockwise, the opposite of the Shapefile's
        copy = Files.createTempFile("citybrain-shp", ".zip");
        try (in) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        zipSize = Files.size(copy);
        ZipFile opened = null;
        try {
            try {
                opened = new ZipFile(copy.toFile(), StandardCharsets.UTF_8);
            } catch (ZipException e) {
                // Windows tools name entries in the local code page; the names matter only to find the layer
                opened = new ZipFile(copy.toFile(), Charset.forName("GBK"));
            }
            zip = opened;
            List<ZipEntry> layers = zip.stream().map(ZipEntry.class::cast).filter(e -> !e.isDirectory() && !hidden(e.getName())
                    && e.getName().toLowerCase(Locale.ROOT).endsWith(".shp")).toList();
            if (layers.isEmpty()) {
                throw new RefusedDelivery("file", "压缩包中没有 .shp 图层文件 / the zip holds no .shp layer");
            }
            if (layers.size() > 1) {
                String names = String.join("、", layers.stream().map(ZipEntry::getName).toList());
                throw new RefusedDelivery("file", "压缩包中有多个图层（" + names + "），一个数据源一次交付一个图层 / the zip holds several layers (" + names
                        + "); a source delivers one layer at a time");
            }
            ZipEntry shpEntry = layers.getFirst();
            String base = shpEntry.getName().substring(0, shpEntry.getName().length() - 4);
            ZipEntry dbfEntry = sibling(base, ".dbf");
            if (dbfEntry == null) {
                throw new RefusedDelivery("file", "图层 " + shpEntry.getName() + " 缺少属性表（.dbf） / the layer " + shpEntry.getName()
                        + " has no attribute table (.dbf)");
            }
            String prj = text(sibling(base, ".prj"));
            requireLongitudeLatitude(prj);
            String cpg = text(sibling(base, ".cpg"));
            inflatedTotal = Math.max(1, shpEntry.getSize()) + Math.max(1, dbfEntry.getSize());
            shp = open(shpEntry);
            dbf = open(dbfEntry);
            readShpHeader(prj != null);
            // the dBASE header first (its language driver byte may name the encoding), then the field names in it
            byte[] head = dbf.readFully(32);
            ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            dbfRecords = Integer.toUnsignedLong(h.getInt(4));
            int headerLength = Short.toUnsignedInt(h.getShort(8));
            recordLength = Short.toUnsignedInt(h.getShort(10));
            if (headerLength < 33 || recordLength < 1) {
                throw new RefusedDelivery("file", "属性表（.dbf）头部无效 / the attribute table (.dbf) has an invalid header");
            }
            charset = charset(cpg, head[29] & 0xff, declared);
            byte[] descriptors = dbf.readFully(headerLength - 32);
            fields = new ArrayList<>();
            for (int at = 0; at + 32 <= descriptors.length && descriptors[at] != 0x0D; at += 32) {
                int end = 0;
                while (end < 11 && descriptors[at + end] != 0) {
                    end++;
                }
                fields.add(new DbfField(new String(descriptors, at, end, charset).strip(), (char) descriptors[at + 11], descriptors[at + 16] & 0xff));
            }
            List<String> names = new ArrayList<>(fields.stream().map(DbfField::name).toList());
            if (!names.contains("geometry")) {
                names.add("geometry");
            }
            header = List.copyOf(names);
        } catch (RefusedDelivery e) {
            closeQuietly();
            throw e;
        } catch (ZipException e) {
            closeQuietly();
            throw new RefusedDelivery("file", "不是 zip 压缩包（Shapefile 请打包为 .zip 提交） / not a zip file (deliver a Shapefile zipped)");
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw new RefusedDelivery("file", "无法读取 Shapefile / the Shapefile cannot be read: " + e.getMessage());
        }
    }

    private static boolean hidden(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || last.startsWith(".");
    }

    private ZipEntry sibling(String base, String extension) {
        return zip.stream().map(ZipEntry.class::cast).filter(e -> e.getName().length() == base.length() + extension.length()
                && e.getName().regionMatches(true, 0, base + extension, 0, e.getName().length())).findFirst().orElse(null);
    }

    private String text(ZipEntry entry) throws IOException {
        if (entry == null) {
            return null;
        }
        if (entry.getSize() > 64 << 10) {
            throw new RefusedDelivery("file", entry.getName() + " 过大 / " + entry.getName() + " is too large");
        }
        try (Bounded in = open(entry)) {
            return new String(in.readNBytes(64 << 10), StandardCharsets.UTF_8).strip();
        }
    }

    private Bounded open(ZipEntry entry) throws IOException {
        long declared = entry.getSize();
        long compressed = Math.max(1, entry.getCompressedSize());
        if (declared < 0 || declared > compressed * MAX_INFLATION + (1 << 20)) {
            throw bomb();
        }
        return new Bounded(new BufferedInputStream(zip.getInputStream(entry), 1 << 16), declared);
    }

    private static RefusedDelivery bomb() {
        return new RefusedDelivery("file", "文件解压后异常膨胀（疑似压缩炸弹），未读取 / the file inflates beyond reason (a zip bomb) and was not read");
    }

    /** The datum of a geographic system, or the refusal of a projected one; without a .prj the bounds must look like degrees. */
    private static void requireLongitudeLatitude(String prj) {
        if (prj == null || prj.isBlank()) {
            return;
        }
        String wkt = prj.toUpperCase(Locale.ROOT);
        String name = prj.replaceAll("(?s)^[A-Za-z_]+\\[\"([^\"]*)\".*", "$1");
        if (wkt.startsWith("PROJCS") || wkt.startsWith("PROJCRS")) {
            throw new RefusedDelivery("file", "图层为投影坐标（" + name + "），请以经纬度（WGS 84 或 CGCS2000）导出 / the layer is in projected coordinates (" + name
                    + "): export it in longitude/latitude (WGS 84 or CGCS2000)");
        }
        boolean wgs84 = wkt.contains("WGS_1984") || wkt.contains("WGS 84") || wkt.contains("WGS84");
        boolean cgcs2000 = wkt.contains("CHINA_2000") || wkt.contains("CGCS2000") || wkt.contains("CHINA GEODETIC COORDINATE SYSTEM 2000")
                || wkt.contains("CHINA_GEODETIC_COORDINATE_SYSTEM_2000");
        if (!wgs84 && !cgcs2000) {
            throw new RefusedDelivery("file", "图层坐标系（" + name + "）不是 WGS 84 或 CGCS2000 经纬度 / the layer's coordinate system (" + name
                    + ") is not WGS 84 or CGCS2000 longitude/latitude");
        }
    }

    private void readShpHeader(boolean hasPrj) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(shp.readFully(100));
        if (h.order(ByteOrder.BIG_ENDIAN).getInt(0) != FILE_CODE || h.order(ByteOrder.LITTLE_ENDIAN).getInt(28) != 1000) {
            throw new RefusedDelivery("file", "不是 Shapefile 主文件（.shp） / not a Shapefile main file (.shp)");
        }
        double minX = h.getDouble(36), minY = h.getDouble(44), maxX = h.getDouble(52), maxY = h.getDouble(60);
        boolean degrees = minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90;
        if (!hasPrj && !degrees) {
            throw new RefusedDelivery("file", "图层无坐标系文件（.prj），且坐标范围不是经纬度 / the layer has no .prj and its bounds are not longitude/latitude");
        }
    }

    private static Charset charset(String cpg, int languageDriver, Charset declared) {
        if (cpg != null && !cpg.isBlank()) {
            String name = cpg.strip().toUpperCase(Locale.ROOT);
            return switch (name) {
                case "UTF8", "UTF-8", "65001" -> StandardCharsets.UTF_8;
                case "936", "CP936", "GBK", "GB2312", "ANSI 936" -> Charset.forName("GBK");
                case "GB18030", "54936" -> Charset.forName("GB18030");
                default -> Charset.isSupported(name) ? Charset.forName(name) : declared;
            };
        }
        return languageDriver == 0x4D || languageDriver == 0x7A ? Charset.forName("GBK") : declared;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public SourceRow next() throws IOException {
        while (!ended) {
            SourceRow row = record();
            if (row != DELETED) {
                return row;
            }
        }
        return null;
    }

    /** A row marked deleted in the table: the department removed the feature, and it is skipped. */
    private static final SourceRow DELETED = SourceRow.read(-1, Map.of());

    private SourceRow record() throws IOException {
        byte[] recordHeader = shp.readUpTo(8);
        if (recordHeader.length < 8) {
            ended = true;
            return null;
        }
        long row = ++number;
        ByteBuffer rh = ByteBuffer.wrap(recordHeader).order(ByteOrder.BIG_ENDIAN);
        long contentBytes = Integer.toUnsignedLong(rh.getInt(4)) * 2;
        if (contentBytes > MAX_RECORD_BYTES || contentBytes < 4) {
            ended = true;
            return SourceRow.unreadable(row, Map.of(), "geometry", "第" + row + "条记录声明长度 " + contentBytes + " 字节，无法读取，其后未读取 / record " + row
                    + " claims " + contentBytes + " bytes and cannot be read; the rest of the layer was not read");
        }
        byte[] content = shp.readUpTo((int) contentBytes);
        if (content.length < contentBytes) {
            ended = true;
            return SourceRow.unreadable(row, Map.of(), "geometry", "图层在第" + row + "条记录中途截断 / the layer breaks off in record " + row);
        }
        if (row > dbfRecords) {
            return SourceRow.unreadable(row, Map.of(), "row", "属性表（.dbf）中没有第" + row + "条记录 / the attribute table (.dbf) has no record " + row);
        }
        byte[] record = dbf.readUpTo(recordLength);
        if (record.length < recordLength) {
            ended = true;
            return SourceRow.unreadable(row, Map.of(), "row", "属性表（.dbf）在第" + row + "条记录中途截断 / the attribute table (.dbf) breaks off in record " + row);
        }
        if (record[0] == '*') {
            return DELETED;
        }
        Map<String, String> values = new LinkedHashMap<>();
        int at = 1;
        for (DbfField f : fields) {
            values.put(f.name(), value(f, record, at));
            at += f.length();
        }
        try {
            Geometry g = shape(ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN));
            values.putIfAbsent("geometry", g == null ? null : geoJson.write(g));
        } catch (UnsupportedShape e) {
            return SourceRow.unreadable(row, values, "geometry", e.getMessage());
        } catch (RuntimeException e) {
            return SourceRow.unreadable(row, values, "geometry", "第" + row + "条记录的图形无法读取 / the shape of record " + row + " cannot be read");
        }
        return SourceRow.read(row, values);
    }

    private String value(DbfField f, byte[] record, int at) {
        if (at + f.length() > record.length) {
            return null;
        }
        String raw = new String(record, at, f.length(), charset).strip();
        if (raw.isEmpty() || raw.chars().allMatch(c -> c == '*' || c == '?')) {
            return null; // dBASE writes blanks, asterisks or '?' for a value that is not there
        }
        return switch (f.type()) {
            case 'D' -> raw.length() == 8 && raw.chars().allMatch(Character::isDigit)
                    ? raw.substring(0, 4) + "-" + raw.substring(4, 6) + "-" + raw.substring(6) : raw;
            case 'L' -> "TtYy".indexOf(raw.charAt(0)) >= 0 ? "true" : "FfNn".indexOf(raw.charAt(0)) >= 0 ? "false" : null;
            default -> raw;
        };
    }

    private static final class UnsupportedShape extends RuntimeException {
        UnsupportedShape(String message) {
            super(message);
        }
    }

    /** One shape of the Technical Description's types (the Z and M variants read for their X and Y). */
    private Geometry shape(ByteBuffer b) {
        int type = b.getInt(0);
        return switch (type) {
            case 0 -> null;
            case 1, 11, 21 -> {
                Coordinate c = new Coordinate(b.getDouble(4), b.getDouble(12));
                yield Double.isNaN(c.x) || c.x < -1e38 ? null : geometries.createPoint(c);
            }
            case 8, 18, 28 -> geometries.createMultiPointFromCoords(points(b, 40, b.getInt(36)));
            case 3, 13, 23 -> {
                List<Coordinate[]> parts = parts(b);
                yield parts.size() == 1 ? geometries.createLineString(parts.getFirst())
                        : geometries.createMultiLineString(parts.stream().map(geometries::createLineString).toArray(org.locationtech.jts.geom.LineString[]::new));
            }
            case 5, 15, 25 -> polygon(parts(b));
            default -> throw new UnsupportedShape("不支持的图形类型 " + type + "（如多面体 MultiPatch） / shape type " + type + " is not supported (e.g. MultiPatch)");
        };
    }

    private static Coordinate[] points(ByteBuffer b, int at, int n) {
        Coordinate[] c = new Coordinate[n];
        for (int i = 0; i < n; i++) {
            c[i] = new Coordinate(b.getDouble(at + 16 * i), b.getDouble(at + 16 * i + 8));
        }
        return c;
    }

    private static List<Coordinate[]> parts(ByteBuffer b) {
        int numParts = b.getInt(36);
        int numPoints = b.getInt(40);
        int pointsAt = 44 + 4 * numParts;
        List<Coordinate[]> parts = new ArrayList<>(numParts);
        for (int p = 0; p < numParts; p++) {
            int from = b.getInt(44 + 4 * p);
            int to = p + 1 < numParts ? b.getInt(44 + 4 * (p + 1)) : numPoints;
            parts.add(points(b, pointsAt + 16 * from, to - from));
        }
        return parts;
    }

    /** Clockwise rings are outer boundaries, counter-clockwise ones holes, each in the outer ring that holds it. */
    private Geometry polygon(List<Coordinate[]> rings) {
        List<LinearRing> shells = new ArrayList<>();
        List<LinearRing> holes = new ArrayList<>();
        for (Coordinate[] ring : rings) {
            LinearRing r = geometries.createLinearRing(ring);
            (ring.length >= 4 && Orientation.isCCW(ring) ? holes : shells).add(r);
        }
        if (shells.isEmpty()) {
            // some writers get the orientation backwards: rings that are all "holes" are outer boundaries
            shells.addAll(holes);
            holes.clear();
        }
        List<List<LinearRing>> holesOf = new ArrayList<>();
        List<Polygon> outlines = new ArrayList<>();
        for (LinearRing s : shells) {
            holesOf.add(new ArrayList<>());
            outlines.add(geometries.createPolygon(s));
        }
        for (LinearRing hole : holes) {
            int home = -1;
            for (int i = 0; i < outlines.size() && home < 0; i++) {
                if (outlines.get(i).covers(hole)) {
                    home = i;
                }
            }
            if (home < 0) {
                // a counter-clockwise ring inside no outer ring is an outer ring drawn the other way
                shells.add(hole);
                holesOf.add(new ArrayList<>());
                outlines.add(geometries.createPolygon(hole));
            } else {
                holesOf.get(home).add(hole);
            }
        }
        Polygon[] polygons = new Polygon[shells.size()];
        for (int i = 0; i < polygons.length; i++) {
            polygons[i] = geometries.createPolygon(shells.get(i), holesOf.get(i).toArray(LinearRing[]::new));
        }
        return polygons.length == 1 ? polygons[0] : geometries.createMultiPolygon(polygons);
    }

    /** Progress in the zip's own bytes, so that the run's ETA compares like with like (what was read of the delivery). */
    @Override
    public long bytesRead() {
        return (long) (zipSize * Math.min(1.0, (double) (shp.count + dbf.count) / inflatedTotal));
    }

    @Override
    public void close() throws IOException {
        closeQuietly();
    }

    private void closeQuietly() {
        for (java.io.Closeable c : new java.io.Closeable[] {shp, dbf, zip}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing only
                }
            }
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            // a temporary file the system cleans up
        }
    }

    /** An entry's stream that refuses to inflate beyond the size its zip declared for it. */
    private static final class Bounded extends FilterInputStream {

        private final long limit;
        long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        byte[] readUpTo(int n) throws IOException {
            return readNBytes(n);
        }

        byte[] readFully(int n) throws IOException {
            byte[] b = readNBytes(n);
            if (b.length < n) {
                throw new EOFException("the file ends early");
            }
            return b;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > limit) {
                throw bomb();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (count += n) > limit) {
                throw bomb();
            }
            return n;
        }
    }
}
