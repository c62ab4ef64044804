package org.citybrain.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retried submissions are one submission, and the database says so: the submission's row carries its idempotency key
 * under a unique constraint, the insert runs behind a savepoint, and when the constraint refuses it the first
 * submission's result is read and returned. No check before the insert decides anything (two concurrent retries would
 * both pass it); the savepoint keeps the surrounding transaction usable after the refusal (PostgreSQL aborts a
 * transaction on any error otherwise).
 */
@Component
public class FirstSubmissionWins {

    private final TransactionTemplate savepoint;

    FirstSubmissionWins(PlatformTransactionManager transactions) {
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Runs the insert; true when it was stored, false when an earlier submission with the same key stands. */
    public boolean insert(Runnable insert) {
        try {
            savepoint.executeWithoutResult(s -> insert.run());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * The stored result of a submission: the new one, or the first one of its key. A concurrent first submission
     * that the constraint saw but that has not committed yet is waited for (briefly), not answered with nothing.
     */
    public <T> T submit(Runnable insert, Supplier<Optional<T>> byKey) {
        insert(insert);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Optional<T> found = byKey.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a submission refused as a duplicate has no first submission");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
