package org.citybrain.demo.internal;

import java.util.List;

import org.citybrain.city.CityMap;
import org.citybrain.datahub.SharedData;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo city's data-sharing agreements (共享协议) between departments, recorded by the big-data bureau: the
 * provident fund centre reads the property register, the marriage register and social insurance to decide
 * withdrawals without asking for certificates. Recording one again is the same grant.
 */
@Component
@Order(3)
class DemoSharingAgreements implements ApplicationRunner {

    static final String FUND_CENTRE = "郑州住房公积金管理中心";

    private final SharedData shared;
    private final CityMap city;

    DemoSharingAgreements(SharedData shared, CityMap city) {
        this.shared = shared;
        this.city = city;
    }

    /** Calls a minute: withdrawals peak at the month's turn, and each one reads every dataset once (100 a second). */
    private static final int PEAK = 6_000;

    @Override
    public void run(ApplicationArguments args) {
        if (city.count() == 0) {
            return;
        }
        String basis = "《住房公积金管理条例》第二十四条、第二十五条；郑州市政务数据共享协议（演示）";
        shared.recordAgreement(FUND_CENTRE, "housing-owners", List.of("certificate", "ownerIdNumber", "address", "district", "area", "use", "registeredOn"),
                "住房公积金提取：核验申请人名下住房 / provident fund withdrawals: the applicant's homes", basis, 36, PEAK, "bigdata");
        shared.recordAgreement(FUND_CENTRE, "marriages", List.of("certificate", "kind", "husbandIdNumber", "wifeIdNumber", "registeredOn"),
                "住房公积金提取：核验婚姻状况 / provident fund withdrawals: marital status", basis, 36, PEAK, "bigdata");
        shared.recordAgreement(FUND_CENTRE, "social-insurance", List.of("idNumber", "employer", "insurance", "status", "since"),
                "住房公积金提取：核验就业参保 / provident fund withdrawals: employment", basis, 36, PEAK, "bigdata");
    }
}
