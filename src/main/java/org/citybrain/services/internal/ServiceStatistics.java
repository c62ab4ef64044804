package org.citybrain.services.internal;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.Role;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The figures a service centre reports (办件统计) for the applications submitted in a period (dates in the city's
 * zone): how many, how many decided and of those how many within the promised time, the share submitted online (phone
 * and PC, not counter or kiosk), and the 好差评 ratings — by department and service. A department reads its own
 * services; the bureau that runs the hall reads them all, and the applications escalated past their promised date.
 */
@Service
class ServiceStatistics {

    /** One service's figures. */
    record Row(String department, String serviceCode, long submitted, long decided, long onTime, long online, long rated, Double averageRating, long poor) {

        /** On-time rate among the decided, in percent (null when none is decided). */
        public Integer onTimePercent() {
            return decided == 0 ? null : (int) Math.round(100.0 * onTime / decided);
        }

        public int onlinePercent() {
            return submitted == 0 ? 0 : (int) Math.round(100.0 * online / submitted);
        }
    }

    /** The period asked, and the rows. */
    record Report(LocalDate from, LocalDate to, String department, List<Row> rows) {
    }

    private final JdbcClient jdbc;
    private final CityTime time;
    private final ApplicationRecords records;

    ServiceStatistics(JdbcClient jdbc, CityTime time, ApplicationRecords records) {
        this.jdbc = jdbc;
        this.time = time;
        this.records = records;
    }

    /** The figures for applications submitted from the first date to the last, both included (default: this month so far). */
    Report of(CurrentUser user, LocalDate from, LocalDate to) {
        Action.READ_SERVICE_STATISTICS.demand(user);
        ZoneId zone = time.zone();
        LocalDate today = LocalDate.now(zone);
        LocalDate last = to == null ? today : to;
        LocalDate first = from == null ? last.withDayOfMonth(1) : from;
        if (first.isAfter(last)) {
            throw new InvalidStandardValue("from", "开始日期不能晚于结束日期 / the first date comes before the last");
        }
        if (first.plusYears(5).isBefore(last)) {
            throw new InvalidStandardValue("from", "统计期间不超过5年 / a period of at most 5 years");
        }
        String department = user.has(Role.DATA_BUREAU_ADMIN) ? null : user.unitName();
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(first.atStartOfDay(zone).toInstant()), Timestamp.from(last.plusDays(1).atStartOfDay(zone).toInstant())));
        if (department != null) {
            params.add(department);
        }
        List<Row> rows = jdbc.sql("""
                select a.department, a.service_code, count(*) submitted,
                    sum(case when a.decided_at is not null then 1 else 0 end) decided,
                    sum(case when a.decided_at is not null and a.decided_at <= a.promised_by then 1 else 0 end) on_time,
                    sum(case when a.channel in ('PHONE', 'PC') then 1 else 0 end) online,
                    count(r.application_id) rated, avg(cast(r.level as double precision)) average_rating,
                    sum(case when r.level <= 2 then 1 else 0 end) poor
                from svc_application a left join svc_rating r on r.application_id = a.id
                where a.submitted_at >= ? and a.submitted_at < ?""" + (department == null ? "" : " and a.department = ?")
                        + " group by a.department, a.service_code order by a.department, a.service_code")
                .params(params).query((rs, n) -> {
                    double avg = rs.getDouble("average_rating");
                    return new Row(rs.getString(1), rs.getString(2), rs.getLong("submitted"), rs.getLong("decided"), rs.getLong("on_time"), rs.getLong("online"),
                            rs.getLong("rated"), rs.wasNull() ? null : Math.round(avg * 10) / 10.0, rs.getLong("poor"));
                }).list();
        return new Report(first, last, department, rows);
    }

    /** The applications escalated past their promised date and not finished, oldest promise first: the supervisor's list. */
    List<Application> escalated(CurrentUser user, int limit) {
        Action.READ_SERVICE_STATISTICS.demand(user);
        if (!user.has(Role.DATA_BUREAU_ADMIN)) {
            throw new org.citybrain.platform.Forbidden("escalated", "督办清单仅限政务服务中心 / the list of escalations is the service centre's");
        }
        return records.where("escalated_at is not null and state not in ('APPROVED', 'REFUSED') order by promised_by fetch first ? rows only", limit);
    }
}
