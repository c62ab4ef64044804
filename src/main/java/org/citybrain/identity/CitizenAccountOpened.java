package org.citybrain.identity;

import java.time.Instant;

/**
 * A resident's citizen account was opened (by her first real-name sign-in, or by an administrator). The audit
 * module records it as a change to her personal data, so that she sees it in her access log.
 */
public record CitizenAccountOpened(long residentId, String username, String openedBy, Instant at) {
}
