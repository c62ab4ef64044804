package org.citybrain.population.internal;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.population.AccessPurpose;
import org.citybrain.population.Resident;
import org.citybrain.population.ResidentDirectory;
import org.citybrain.population.ResidentPage;
import org.citybrain.population.ResidentQuery;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.IdNumber;
import org.citybrain.standards.InvalidStandardValue;
import org.citybrain.standards.MobileNumber;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place where reading residents is decided: who the reader is, which part of the city they cover,
 * what they may see unmasked, and the audit record of every person read. A refused read is audited too.
 */
@Service
class JurisdictionScopedResidents implements ResidentDirectory {

    private final ResidentRows rows;
    private final CurrentUsers users;
    private final AuditTrail audit;

    JurisdictionScopedResidents(ResidentRows rows, CurrentUsers users, AuditTrail audit) {
        this.rows = rows;
        this.users = users;
        this.audit = audit;
    }

    @Override
    @Transactional(noRollbackFor = {Forbidden.class, NotFound.class})
    public ResidentPage search(ResidentQuery query, AccessPurpose purpose) {
        CurrentUser user = reader(purpose);
        if (query.limit() < 1 || query.limit() > ResidentQuery.MAX_LIMIT) {
            throw new InvalidStandardValue("limit", "limit 应在 1 到 " + ResidentQuery.MAX_LIMIT + " 之间 / limit must be 1.." + ResidentQuery.MAX_LIMIT);
        }
        if (query.offset() < 0) {
            throw new InvalidStandardValue("offset", "offset 不能为负 / offset must not be negative");
        }
        if (user.jurisdiction().onlySelf()) {
            Resident me = toView(rows.self(user.jurisdiction().selfResidentId()).orElseThrow(), true);
            audit.record(access(user, me.id(), "READ", "本人信息 / own record", AccessPurpose.SELF_SERVICE));
            return new ResidentPage(List.of(me), 1, 0, 1);
        }
        String community = query.community();
        if (community != null && !community.isBlank()) {
            DivisionCode asked = new DivisionCode(community);
            if (!user.jurisdiction().coversDivision(asked)) {
                audit.record(new PersonalDataAccess(user.username(), "division:" + asked.value(), "DENIED",
                        "居民名单（辖区外） / residents outside jurisdiction", purpose.name()));
                throw new Forbidden("community", "区划 " + asked.value() + " 不在您的辖区内 / division " + asked.value() + " is outside your jurisdiction");
            }
        }
        String prefix = user.jurisdiction().communityPrefix();
        List<ResidentRows.Row> found = rows.search(prefix, query.name(), community, query.offset(), query.limit());
        long total = rows.count(prefix, query.name(), community);
        List<Resident> residents = found.stream().map(r -> toView(r, false)).toList();
        List<PersonalDataAccess> accesses = new ArrayList<>();
        for (Resident r : residents) {
            accesses.add(access(user, r.id(), "READ", "居民名单：姓名、性别、出生日期、住址（证件号、手机号已遮蔽） / resident list, masked", purpose));
        }
        audit.recordAll(accesses);
        return new ResidentPage(residents, total, query.offset(), query.limit());
    }

    @Override
    @Transactional(noRollbackFor = {Forbidden.class, NotFound.class})
    public Resident get(long residentId, AccessPurpose purpose, boolean reveal, String reason) {
        CurrentUser user = reader(purpose);
        if (user.jurisdiction().onlySelf()) {
            if (user.jurisdiction().selfResidentId() != residentId) {
                audit.record(access(user, residentId, "DENIED", "他人信息 / another person's record", purpose));
                throw new NotFound("id", "没有编号为 " + residentId + " 的居民 / no resident " + residentId + " you may see");
            }
            audit.record(access(user, residentId, "READ", "本人信息 / own record", AccessPurpose.SELF_SERVICE));
            return toView(rows.self(residentId).orElseThrow(), true);
        }
        var row = rows.byId(user.jurisdiction().communityPrefix(), residentId);
        if (row.isEmpty()) {
            if (rows.exists(residentId)) {
                audit.record(access(user, residentId, "DENIED", "辖区外居民 / resident outside jurisdiction", purpose));
            }
            // The same answer whether the resident exists elsewhere or not at all: a reader learns nothing outside her jurisdiction.
            throw new NotFound("id", "您的辖区内没有编号为 " + residentId + " 的居民 / no resident " + residentId + " in your jurisdiction");
        }
        if (reveal) {
            String refusal = RevealPolicy.refusal(user);
            if (refusal != null) {
                audit.record(access(user, residentId, "DENIED", "完整证件号和手机号 / full ID number and mobile", purpose));
                throw new Forbidden("reveal", refusal);
            }
            String why = org.citybrain.platform.Limits.optionalText("reason", reason, 100, false);
            if (why == null) {
                throw new org.citybrain.standards.InvalidStandardValue("reason", "查看完整证件号和手机号须说明理由 / say why you need the full ID number and mobile");
            }
            audit.record(access(user, residentId, "REVEAL", "完整证件号和手机号，理由：" + why + " / full ID number and mobile, reason: " + why, purpose));
            return toView(row.get(), true);
        }
        audit.record(access(user, residentId, "READ", "居民详情（已遮蔽） / resident details, masked", purpose));
        return toView(row.get(), false);
    }

    private CurrentUser reader(AccessPurpose purpose) {
        if (purpose == null) {
            throw new InvalidStandardValue("purpose", "必须说明查询目的 / a purpose is required to read personal data");
        }
        CurrentUser user = users.require();
        return (user.jurisdiction().onlySelf() ? Action.READ_OWN_RECORD : Action.READ_RESIDENTS).demand(user);
    }

    private static PersonalDataAccess access(CurrentUser user, long residentId, String action, String what, AccessPurpose purpose) {
        return new PersonalDataAccess(user.username(), PersonalDataAccess.residentSubject(residentId), action, what, purpose.name());
    }

    private static Resident toView(ResidentRows.Row r, boolean unmasked) {
        return new Resident(r.id(), r.name(), r.gender(), r.birthDate(),
                unmasked ? r.idNumber() : new IdNumber(r.idNumber()).masked(),
                r.mobile() == null ? null : unmasked ? r.mobile() : new MobileNumber(r.mobile()).masked(),
                r.communityCode(), r.householdId(), r.address(), r.employerId(), unmasked);
    }
}
