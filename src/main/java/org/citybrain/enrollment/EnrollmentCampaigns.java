package org.citybrain.enrollment;

import java.time.Instant;
import java.time.LocalDate;

/** Opening an enrollment campaign from outside the module: the demo city's intake, a bureau's tooling. */
public interface EnrollmentCampaigns {

    /** What a campaign is: its code, titles, stage (小学 or 初中), department, window and the birth dates it admits. */
    record CampaignSpec(String code, String titleZh, String titleEn, String stage, String department, Instant opensAt, Instant closesAt,
                        LocalDate bornFrom, LocalDate bornTo) {
    }

    /** Opens the campaign unless one with its code exists (then nothing changes); true when this call opened it. */
    boolean openIfAbsent(CampaignSpec spec, String openedBy);
}
