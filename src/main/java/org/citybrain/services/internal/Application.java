package org.citybrain.services.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import tools.jackson.databind.JsonNode;

/** An application (办件) as its applicant and the department see it. */
record Application(long id, String serviceCode, int serviceVersion, String department, long applicantId, String applicantName, String maskedIdNumber,
                   Channel channel, String servedBy, JsonNode form, State state, String outcomeRule, String outcomeZh, String outcomeEn, BigDecimal amount,
                   Instant submittedAt, Instant promisedBy, Instant legalBy, Instant decidedAt, String processInstanceId, String taskId,
                   Instant warnedAt, Instant escalatedAt) {

    /** 四端一体: the four front ends, one application API. */
    enum Channel { PHONE, PC, COUNTER, KIOSK }

    enum State {
        SUBMITTED, UNDER_REVIEW, RETURNED, APPROVED, REFUSED;

        boolean finished() {
            return this == APPROVED || this == REFUSED;
        }
    }

    /** The case number people quote (受理编号): the day it came in, in the city's zone, and its sequence. */
    public String number(ZoneId zone) {
        return "ZZ" + LocalDate.ofInstant(submittedAt, zone).format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%08d", id);
    }

    public boolean overdue(Instant now) {
        return !state.finished() && now.isAfter(promisedBy);
    }

    public String outcome(boolean english) {
        return english ? outcomeEn : outcomeZh;
    }
}
