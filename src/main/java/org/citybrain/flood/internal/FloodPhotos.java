package org.citybrain.flood.internal;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.citybrain.standards.InvalidStandardValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Citizens' flood photos, stored durably on the file system ({@code citybrain.flood.photo-dir}). A photo is checked by
 * what it is, not by what it says it is: it must decode as a JPEG or PNG of at most {@link #MAX_BYTES} and
 * {@link #MAX_PIXELS}. It is then drawn again and written as a new JPEG, which carries no EXIF data at all (no place,
 * no time, no phone): the report keeps the place on purpose, in its own fields. The one thing of the EXIF data kept is
 * its orientation, applied to the pixels so the photo stands the right way up. A photo is named by its SHA-256 and
 * written to a temporary file, forced to disk and moved into place, so an acknowledged photo survives a crash.
 */
@Component
class FloodPhotos {

    static final int MAX_BYTES = 10 * 1024 * 1024;
    static final long MAX_PIXELS = 40_000_000L;
    private static final int MAX_SIDE = 2048;

    private final Path dir;

    FloodPhotos(@Value("${citybrain.flood.photo-dir:./data/flood-photos}") String dir) {
        this.dir = Path.of(dir);
    }

    /** Checks, cleans and stores a photo; returns its name. Refuses, naming {@code field}, what is no photo or too large. */
    String store(String field, byte[] photo) {
        if (photo.length > MAX_BYTES) {
            throw new InvalidStandardValue(field, "照片不能超过10 MB / the photo may be at most 10 MB");
        }
        BufferedImage image = decode(field, photo);
        byte[] jpeg = jpeg(upright(image, orientation(photo)));
        String name = sha256(jpeg) + ".jpg";
        Path target = dir.resolve(name.substring(0, 2)).resolve(name);
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Path temp = Files.createTempFile(target.getParent(), "upload", ".tmp");
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    out.write(ByteBuffer.wrap(jpeg));
                    out.force(true);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the photo could not be stored", e);
        }
        return name;
    }

    /** A stored photo's bytes (JPEG), by its name. */
    Optional<byte[]> read(String name) {
        if (name == null || !name.matches("[0-9a-f]{64}\\.jpg")) {
            return Optional.empty();
        }
        Path file = dir.resolve(name.substring(0, 2)).resolve(name);
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static BufferedImage decode(String field, byte[] photo) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(photo))) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            while (readers.hasNext()) {
                ImageReader reader = readers.next();
                String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                if (!format.equals("jpeg") && !format.equals("png")) {
                    continue;
                }
                try {
                    reader.setInput(in, true, true);
                    // the size from the header, before any pixel is decoded: a small file can claim a huge image
                    if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) {
                        throw new InvalidStandardValue(field, "照片像素过多（最多4000万）/ the photo has too many pixels (40 million at most)");
                    }
                    return reader.read(0);
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidStandardValue refused) {
                throw refused;
            }
        }
        throw new InvalidStandardValue(field, "请上传 JPEG 或 PNG 格式的照片 / the photo must be a JPEG or PNG image");
    }

    /** The image upright (EXIF orientation 1–8, TIFF 6.0 tag 274) and at most {@link #MAX_SIDE} pixels on its longer side. */
    private static BufferedImage upright(BufferedImage image, int orientation) {
        int w = image.getWidth(), h = image.getHeight();
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
        AffineTransform t = new AffineTransform();
        boolean turned = orientation >= 5 && orientation <= 8;
        int outW = (int) Math.round((turned ? h : w) * scale), outH = (int) Math.round((turned ? w : h) * scale);
        t.scale(scale, scale);
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> t.concatenate(new AffineTransform(0, 1, 1, 0, 0, 0));
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> t.concatenate(new AffineTransform(0, -1, -1, 0, h, w));
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        BufferedImage rgb = new BufferedImage(Math.max(1, outW), Math.max(1, outH), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = rgb.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, new AffineTransformOp(t, AffineTransformOp.TYPE_BILINEAR), 0, 0);
        g.dispose();
        return rgb;
    }

    /** A new JPEG of the pixels alone: no metadata is written but the JFIF header. */
    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * The EXIF orientation of a JPEG (1 when there is none): the APP1 segment "Exif\0\0" among the segments before the
     * scan (ISO/IEC 10918-1 B.1.1: marker, two-byte length), its TIFF header's byte order, and tag 274 of the first
     * image file directory (Exif 2.3, section 4.5; TIFF 6.0, section 2). Read by hand: ImageIO hands the segment over
     * only when the file's other headers please it, and no EXIF library is among the project's dependencies.
     */
    static int orientation(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return 1;
        }
        int at = 2;
        try {
            while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
                int marker = jpeg[at + 1] & 0xFF;
                int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
                if (marker == 0xDA || length < 2 || at + 2 + length > jpeg.length) {
                    return 1;
                }
                if (marker == 0xE1) {
                    int v = tiffOrientation(java.util.Arrays.copyOfRange(jpeg, at + 4, at + 2 + length));
                    if (v != 0) {
                        return v;
                    }
                }
                at += 2 + length;
            }
        } catch (RuntimeException e) {
            return 1; // a damaged segment: the photo as it is
        }
        return 1;
    }

    /** The orientation in an APP1 segment's data; 0 when it is not EXIF (XMP also lives in APP1). */
    private static int tiffOrientation(byte[] app1) {
        if (app1.length < 14 || app1[0] != 'E' || app1[1] != 'x' || app1[2] != 'i' || app1[3] != 'f') {
            return 0;
        }
        ByteBuffer tiff = ByteBuffer.wrap(app1, 6, app1.length - 6).slice();
        tiff.order(tiff.get(0) == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int ifd = tiff.getInt(4);
        int entries = tiff.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int at = ifd + 2 + 12 * i;
            if ((tiff.getShort(at) & 0xFFFF) == 274) {
                int v = tiff.getShort(at + 8) & 0xFFFF;
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
