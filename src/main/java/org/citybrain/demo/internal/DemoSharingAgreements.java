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
 * withdrawals without asking for certificates; the education bureau reads the household register, the property register,
 * residence permits and social insurance to check school enrollments. Recording one again is the same grant.
 */
@Component
@Order(3)
class DemoSharingAgreements implements ApplicationRunner {

    static final String FUND_CENTRE = "郑州住房公积金管理中心";
    static final String EDUCATION = "郑州市教育局";
    static final String CIVIL_AFFAIRS = "郑州市民政局";
    static final String POLICE = "郑州市公安局";
    static final String MARKET = "郑州市市场监督管理局";
    static final String HEALTH = "郑州市卫生健康委员会";

    private final SharedData shared;
    private final CityMap city;

    DemoSharingAgreements(SharedData shared, CityMap city) {
        this.shared = shared;
        this.city = city;
    }

    /** Calls a minute: withdrawals peak at the month's turn, and each one reads every dataset once (100 a second). */
    private static final int PEAK = 6_000;

    /** Calls a minute for the enrollment checks: 150,000 families read in well under a day at four reads each. */
    private static final int ENROLLMENT_PEAK = 60_000;

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
        shared.recordAgreement(CIVIL_AFFAIRS, "household-registry", List.of("idNumber", "name", "community"),
                "高龄津贴免申即享：查找年满80周岁的本市户籍居民 / the old-age allowance without applying: residents of 80 and over",
                "《中华人民共和国老年人权益保障法》第三十三条；郑州市政务数据共享协议（演示）", 36, null, "bigdata");
        // School enrollment checks each application once, in the background, at the pace its checks run (not the rush's).
        String schools = "《中华人民共和国义务教育法》第十二条；郑州市义务教育招生入学工作实施意见；郑州市政务数据共享协议（演示）";
        shared.recordAgreement(EDUCATION, "household-registry", List.of("idNumber", "name", "householdNo", "relation", "community", "address"),
                "义务教育入学报名：核验儿童及监护人户籍 / school enrollment: the child's and the parent's household registration", schools, 36, ENROLLMENT_PEAK, "bigdata");
        shared.recordAgreement(EDUCATION, "housing-owners", List.of("certificate", "ownerIdNumber", "address", "district", "use"),
                "义务教育入学报名：核验监护人房产 / school enrollment: the parent's home", schools, 36, ENROLLMENT_PEAK, "bigdata");
        shared.recordAgreement(EDUCATION, "residence-permits", List.of("permitNumber", "idNumber", "community", "issuedOn", "validUntil"),
                "义务教育入学报名：核验随迁子女监护人居住证 / school enrollment: a migrant parent's residence permit", schools, 36, ENROLLMENT_PEAK, "bigdata");
        shared.recordAgreement(EDUCATION, "social-insurance", List.of("idNumber", "insurance", "status", "since", "district"),
                "义务教育入学报名：核验随迁子女监护人社保 / school enrollment: a migrant parent's social insurance", schools, 36, ENROLLMENT_PEAK, "bigdata");
        // The residence permit: the bureau reads its own household register through the hub too, so each read is receipted.
        String permits = "《居住证暂行条例》第九条、第十二条；郑州市政务数据共享协议（演示）";
        shared.recordAgreement(POLICE, "household-registry", List.of("idNumber", "name", "community"),
                "居住证签发：核验申请人是否本市户籍 / residence permits: whether the applicant is registered in the city", permits, 36, null, "bigdata");
        shared.recordAgreement(POLICE, "social-insurance", List.of("idNumber", "insurance", "status", "since"),
                "居住证签发：核验合法稳定就业 / residence permits: stable employment", permits, 36, null, "bigdata");
        shared.recordAgreement(POLICE, "housing-owners", List.of("certificate", "ownerIdNumber", "address", "district"),
                "居住证签发：核验合法稳定住所 / residence permits: a home of one's own", permits, 36, null, "bigdata");
        // The birth bundle (出生一件事), led by the health commission: the hospital's birth record, the parent's household.
        String births = "《中华人民共和国母婴保健法》第二十三条；《中华人民共和国户口登记条例》第七条；国办发〔2024〕53号；郑州市政务数据共享协议（演示）";
        shared.recordAgreement(HEALTH, "birth-records", List.of("certificateNumber", "gender", "bornOn", "hospital", "weightGrams", "motherIdNumber",
                "motherName", "fatherIdNumber", "fatherName", "district"), "出生一件事：核验出生医学登记 / the birth bundle: the hospital's birth record", births, 36,
                null, "bigdata");
        shared.recordAgreement(HEALTH, "household-registry", List.of("idNumber", "name", "householdNo", "relation", "community", "address"),
                "出生一件事：新生儿随父母入户 / the birth bundle: the household the newborn joins", births, 36, null, "bigdata");
    }
}
