package org.citybrain.platform.pages;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/** Draws a text as a QR code (ZXing), in SVG: sharp on any phone, no image files, in the colour asked for (a health code's). */
public final class QrSvg {

    private QrSvg() {
    }

    /** The QR's modules (error correction M), with a quiet zone of {@code margin} modules: for drawing it elsewhere (a PDF). */
    public static BitMatrix matrix(String text, int margin) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN, margin));
        } catch (WriterException e) {
            throw new IllegalStateException("too long for a QR code", e);
        }
    }

    public static String of(String text, String colour, String label) {
        BitMatrix m = matrix(text, 2);
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    path.append('M').append(x).append(',').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + m.getWidth() + " " + m.getHeight()
                + "\" shape-rendering=\"crispEdges\" class=\"qr\" role=\"img\" aria-label=\"" + org.springframework.web.util.HtmlUtils.htmlEscape(label) + "\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"" + colour + "\" d=\"" + path + "\"/></svg>";
    }
}
