package org.citybrain.platform.pages;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A PDF as an answer (a certificate, a decision letter): shown in the browser, saved under its name. */
public final class PdfAnswer {

    private PdfAnswer() {
    }

    public static ResponseEntity<byte[]> of(byte[] pdf, String name) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(name + ".pdf").build().toString()).body(pdf);
    }
}
