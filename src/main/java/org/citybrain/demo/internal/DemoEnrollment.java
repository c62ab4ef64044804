package org.citybrain.demo.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.citybrain.city.CityMap;
import org.citybrain.enrollment.EnrollmentCampaigns;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo city's enrollment: the autumn 2027 intake of primary schools, open from the demo's first start for 30
 * days, admitting children born from 1 September 2020 to 31 August 2021 (six by the first of September) — 张明's
 * daughter and 李华's son among them. Opening it again is nothing.
 */
@Component
@Order(4)
class DemoEnrollment implements ApplicationRunner {

    static final String CAMPAIGN = "primary-2027";
    static final String JUNIOR = "junior-2027";

    private final EnrollmentCampaigns campaigns;
    private final CityMap city;

    DemoEnrollment(EnrollmentCampaigns campaigns, CityMap city) {
        this.campaigns = campaigns;
        this.city = city;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (city.count() == 0) {
            return;
        }
        Instant now = Instant.now();
        campaigns.openIfAbsent(new EnrollmentCampaigns.CampaignSpec(CAMPAIGN, "2027年秋季小学一年级招生", "Primary school, first year, autumn 2027", "小学",
                DemoSharingAgreements.EDUCATION, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), LocalDate.of(2020, 9, 1),
                LocalDate.of(2021, 8, 31)), "demo");
        // junior middle school: the children finishing primary school next summer, by the same categories and catchments of the 初中
        campaigns.openIfAbsent(new EnrollmentCampaigns.CampaignSpec(JUNIOR, "2027年秋季初中一年级招生", "Junior middle school, first year, autumn 2027", "初中",
                DemoSharingAgreements.EDUCATION, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), LocalDate.of(2014, 9, 1),
                LocalDate.of(2015, 8, 31)), "demo");
    }
}
