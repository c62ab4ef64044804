package org.citybrain.audit;

/**
 * The result of walking the audit chain.
 *
 * @param intact         true when every record matches its hash and links to the one before
 * @param recordsChecked how many records were read
 * @param firstBrokenSeq the first record that does not match, or -1
 * @param problem        what is wrong, in words, or null
 */
public record ChainVerification(boolean intact, long recordsChecked, long firstBrokenSeq, String problem) {

    public static ChainVerification ok(long checked) {
        return new ChainVerification(true, checked, -1, null);
    }

    public static ChainVerification broken(long checked, long seq, String problem) {
        return new ChainVerification(false, checked, seq, problem);
    }
}
