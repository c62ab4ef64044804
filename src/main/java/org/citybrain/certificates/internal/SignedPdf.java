package org.citybrain.certificates.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

import com.google.zxing.common.BitMatrix;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Draws a certificate or a decision letter as a one-page A4 PDF and signs it: the text in an embedded subset of a CJK
 * font (the JDK has none, and a PDF relying on the reader's fonts reads differently on each machine), the QR drawn as
 * vector squares, then a detached CMS signature (PDF's adbe.pkcs7.detached, ECDSA with SHA-256) by the issuing
 * department's key, its certificate embedded, so a PDF reader shows who signed it and that nothing changed since.
 */
@Component
class SignedPdf {

    private static final float MARGIN = 56;
    private static final PDRectangle A4 = PDRectangle.A4;

    private final Resource font;

    SignedPdf(@Value("${citybrain.certificates.font:classpath:certificates/DroidSansFallback-GB2312.ttf}") String font) {
        this.font = new DefaultResourceLoader().getResource(font);
    }

    /** A line of text, its size, and whether it is centred. */
    record Line(String text, float size, boolean centred) {
    }

    /** The page: lines from the top, an optional QR code at the bottom right with its caption, a footer. */
    record Page(String title, List<Line> lines, String qr, String qrCaption, String footer) {
    }

    byte[] signed(Page page, IssuerKeyring.IssuerKey key, String reason, Instant at) {
        return sign(draw(page), key, reason, at);
    }

    private byte[] draw(Page page) {
        try (PDDocument doc = new PDDocument(); InputStream in = font.getInputStream()) {
            Fonts f = new Fonts(PDType0Font.load(doc, in, true), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            PDPage p = new PDPage(A4);
            doc.addPage(p);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(page.title());
            info.setCreator("CityBrain");
            try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
                cs.setLineWidth(1.5f);
                cs.addRect(MARGIN / 2, MARGIN / 2, A4.getWidth() - MARGIN, A4.getHeight() - MARGIN);
                cs.stroke();
                float y = A4.getHeight() - MARGIN - 20;
                float width = A4.getWidth() - 2 * MARGIN;
                for (Line line : page.lines()) {
                    for (List<Run> part : f.wrap(line.text(), line.size(), width)) {
                        float x = line.centred() ? (A4.getWidth() - Fonts.width(part, line.size())) / 2 : MARGIN;
                        show(cs, part, line.size(), x, y);
                        y -= line.size() * 1.6f;
                    }
                }
                if (page.qr() != null) {
                    float side = 150;
                    qr(cs, page.qr(), A4.getWidth() - MARGIN - side, MARGIN + 40, side);
                    show(cs, f.runs(page.qrCaption()), 9, A4.getWidth() - MARGIN - side, MARGIN + 26);
                }
                show(cs, f.runs(page.footer()), 9, MARGIN, MARGIN);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw " + page.title(), e);
        }
    }

    /** A stretch of text in one font. */
    private record Run(PDFont font, String text) {
    }

    /**
     * The two fonts a line is set in: the CJK font (it has no Latin letters: Droid Sans Fallback is a fallback font)
     * and Helvetica, one of PDF's standard fonts every reader has, for the rest; a character neither has (a rare
     * character in a name) is shown as a full-width question mark rather than failing the document.
     */
    private record Fonts(PDType0Font cjk, PDFont latin) {

        /** One character as it is set: its font, what is shown (？ when no font has it) and its width at 1 pt. */
        private record Glyph(PDFont font, String shown, float width) {
        }

        private Glyph glyph(int codePoint) {
            String ch = Character.toString(codePoint);
            boolean inCjk = encodes(cjk, ch);
            PDFont f = inCjk || !encodes(latin, ch) ? cjk : latin;
            String shown = f == cjk && !inCjk ? "？" : ch;
            try {
                return new Glyph(f, shown, f.getStringWidth(shown) / 1000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<Run> runs(String text) {
            return join(text.codePoints().mapToObj(this::glyph).toList());
        }

        static float width(List<Run> runs, float size) {
            float w = 0;
            for (Run r : runs) {
                try {
                    w += r.font().getStringWidth(r.text()) / 1000 * size;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return w;
        }

        /** The text's lines at the width, broken between characters (Chinese breaks anywhere); each character measured once. */
        List<List<Run>> wrap(String text, float size, float width) {
            List<List<Run>> lines = new ArrayList<>();
            List<Glyph> line = new ArrayList<>();
            float used = 0;
            for (Glyph g : text.codePoints().mapToObj(this::glyph).toList()) {
                if (!line.isEmpty() && used + g.width() * size > width) {
                    lines.add(join(line));
                    line = new ArrayList<>();
                    used = 0;
                }
                line.add(g);
                used += g.width() * size;
            }
            lines.add(join(line));
            return lines;
        }

        /** Consecutive characters in one font as one run. */
        private static List<Run> join(List<Glyph> glyphs) {
            List<Run> runs = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            PDFont font = null;
            for (Glyph g : glyphs) {
                if (font != null && g.font() != font) {
                    runs.add(new Run(font, current.toString()));
                    current.setLength(0);
                }
                font = g.font();
                current.append(g.shown());
            }
            if (!current.isEmpty()) {
                runs.add(new Run(font, current.toString()));
            }
            return runs;
        }

        private static boolean encodes(PDFont f, String ch) {
            try {
                f.encode(ch);
                return true;
            } catch (IllegalArgumentException | IOException missing) {
                return false;
            }
        }
    }

    private static void show(PDPageContentStream cs, List<Run> runs, float size, float x, float y) throws IOException {
        cs.beginText();
        cs.newLineAtOffset(x, y);
        for (Run r : runs) {
            cs.setFont(r.font(), size);
            cs.showText(r.text());
        }
        cs.endText();
    }

    /** The QR as filled squares, one per dark module: sharp at any zoom and in print. */
    private static void qr(PDPageContentStream cs, String text, float x, float y, float side) throws IOException {
        BitMatrix m = org.citybrain.platform.pages.QrSvg.matrix(text, 0);
        float cell = side / m.getWidth();
        for (int row = 0; row < m.getHeight(); row++) {
            for (int col = 0; col < m.getWidth(); col++) {
                if (m.get(col, row)) {
                    cs.addRect(x + col * cell, y + side - (row + 1) * cell, cell, cell);
                }
            }
        }
        cs.fill();
    }

    private static byte[] sign(byte[] pdf, IssuerKeyring.IssuerKey key, String reason, Instant at) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
            signature.setName(key.issuer());
            signature.setLocation("郑州市");
            signature.setReason(reason);
            Calendar when = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            when.setTimeInMillis(at.toEpochMilli());
            signature.setSignDate(when);
            doc.addSignature(signature, content -> {
                try {
                    CMSSignedDataGenerator g = new CMSSignedDataGenerator();
                    g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.privateKey()), key.certificate()));
                    g.addCertificates(new JcaCertStore(List.of(key.certificate())));
                    return g.generate(new CMSProcessableByteArray(content.readAllBytes()), false).getEncoded();
                } catch (CMSException | OperatorCreationException | java.security.cert.CertificateEncodingException e) {
                    throw new IOException("could not sign", e);
                }
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.saveIncremental(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not sign the document", e);
        }
    }
}
