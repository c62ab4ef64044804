package org.citybrain.notification;

/** Telling a citizen what happened, from any module: in her message box at once, by SMS soon after. */
public interface Notices {

    /**
     * A notice: to whom (her resident id), its reference (one notice per reference: a step run twice tells her once),
     * what it says in both languages (the SMS is the Chinese), and the page it is about.
     */
    record Notice(long residentId, String reference, String textZh, String textEn, String link) {
    }

    /** Stores the notice in the caller's transaction; it is sent once that commits. */
    void tell(Notice notice);

    /**
     * Stores many notices at once in the caller's transaction (an enrollment's results: one per family), for a caller
     * that tells each reference once by its own guarantee (the allocation runs once); a repeated reference fails the batch.
     */
    void tellAll(java.util.List<Notice> notices);
}
