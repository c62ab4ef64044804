package org.citybrain.identity;

import java.util.EnumSet;
import java.util.Set;

import org.citybrain.platform.Forbidden;

import static org.citybrain.identity.Role.*;

/**
 * Who may do what: every action a page, an API or a device channel performs, with the roles allowed to perform it.
 * This is the one permission model. The application service that performs an action checks it ({@link #demand}); the
 * pages and APIs over the action name it in {@link Performs}, and the web layer refuses a caller whose roles the
 * action does not allow before the handler runs. Jurisdiction (which residents, which community) is checked by the
 * service on top. docs/security.md carries this table, checked against the code by a test.
 */
public enum Action {

    // ---- everyone, signed in or not ----
    SIGN_IN("登录", "sign in", null),
    READ_ISSUER_KEYS("获取健康码签发公钥", "fetch the health-code issuer's public keys", null),
    // JSON-LD processors fetch a context without credentials, as they fetch CityBrain's own; a context holds no data.
    READ_LD_CONTEXT("获取 JSON-LD 上下文文档", "fetch a JSON-LD @context document stored in the twin", null),
    READ_PLATFORM_HEALTH("查看系统存活状态", "check that the platform is up", null),

    // ---- any signed-in person (no device) ----
    ISSUE_APP_TOKEN("获取移动端登录令牌", "get a sign-in token for the phone app", EnumSet.complementOf(EnumSet.of(DEVICE))),
    VIEW_HOME("查看首页", "see the home page", EnumSet.complementOf(EnumSet.of(DEVICE))),
    VIEW_CITY_MAP("查看城市地图与地点", "see the city map and its places", EnumSet.complementOf(EnumSet.of(DEVICE))),
    READ_RISK_AREAS("查看风险地区", "see the risk areas", EnumSet.complementOf(EnumSet.of(DEVICE))),
    READ_RULES("查看赋码规则", "read the health-code rules", EnumSet.complementOf(EnumSet.of(DEVICE))),

    // ---- the citizen's own data ----
    READ_OWN_RECORD("查看本人信息及访问记录", "see my own record and who read it", EnumSet.of(CITIZEN)),
    OWN_HEALTH_CODE("查看本人健康码", "see my own health code", EnumSet.of(CITIZEN)),
    DECLARE_HEALTH("健康申报", "declare my health", EnumSet.of(CITIZEN)),
    DECLARE_TRIP("行程申报", "declare a trip", EnumSet.of(CITIZEN)),
    FILE_CORRECTION("健康码纠错申请", "ask for my code to be corrected", EnumSet.of(CITIZEN)),
    REGISTER_HOUSEHOLD("登记家庭成员", "register my household", EnumSet.of(CITIZEN)),
    REGISTER_VISIT("登记来访", "register a visit", EnumSet.of(CITIZEN)),
    READ_OWN_REGISTRATIONS("查看本人登记", "see my own registrations", EnumSet.of(CITIZEN)),
    CHECK_IN("场所码签到", "check in at a venue", EnumSet.of(CITIZEN)),
    READ_OWN_PASSAGES("查看本人通行记录", "see my own passages", EnumSet.of(CITIZEN)),

    // ---- staff over residents (always within their jurisdiction) ----
    READ_RESIDENTS("查看辖区居民", "read residents of my jurisdiction", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, CITY_OFFICIAL, HEALTH_STAFF)),
    READ_RESIDENT_HEALTH("查看居民健康码及依据", "read a resident's health code and facts", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, CITY_OFFICIAL, HEALTH_STAFF)),
    READ_FOLLOW_UP_TASKS("查看闭环任务", "read follow-up tasks", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, CITY_OFFICIAL, HEALTH_STAFF)),
    CLOSE_FOLLOW_UP_TASK("办结闭环任务", "close a follow-up task", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL)),
    READ_PERSON_CHAIN("查看个人闭环链条", "read a person's chain of passages", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, CITY_OFFICIAL, HEALTH_STAFF)),
    READ_REGISTRATIONS("查看待确认登记", "read registrations waiting for confirmation", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL)),
    HANDLE_REGISTRATION("确认或更正登记", "confirm or correct a registration", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL)),
    READ_CORRECTIONS("查看纠错申请", "read correction requests", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, HEALTH_STAFF)),
    ANSWER_CORRECTION("答复纠错申请", "answer a correction request", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, HEALTH_STAFF)),

    // ---- the health commission and hospitals ----
    RECORD_TEST_RESULT("录入检测结果", "record a test result", EnumSet.of(HEALTH_STAFF, HOSPITAL_STAFF)),
    ISSUE_HEALTH_ORDER("下达隔离令或密接判定", "issue a quarantine order or close-contact finding", EnumSet.of(HEALTH_STAFF)),
    SET_MANUAL_COLOUR("人工赋码", "set a colour by hand", EnumSet.of(HEALTH_STAFF)),
    VOID_FACT("作废健康事实", "void a health fact", EnumSet.of(HEALTH_STAFF)),
    DECLARE_RISK_AREA("划定或解除风险地区", "declare or lift a risk area", EnumSet.of(HEALTH_STAFF)),
    PUBLISH_RULES("发布赋码规则", "publish health-code rules", EnumSet.of(HEALTH_STAFF)),
    MANAGE_TRUST_LIST("管理互认信任列表", "manage the trust list of other regions", EnumSet.of(HEALTH_STAFF, DATA_BUREAU_ADMIN)),
    ROTATE_ISSUER_KEY("轮换签发密钥", "rotate the issuer key", EnumSet.of(DATA_BUREAU_ADMIN)),

    // ---- codes and devices ----
    VERIFY_CODE("核验健康码", "verify a health code", EnumSet.allOf(Role.class)),
    SCAN("扫码通行", "send scans from a scan point", EnumSet.of(DEVICE)),
    READ_SCAN_DEVICES("查看扫码设备", "list scan devices", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, CITY_OFFICIAL, HEALTH_STAFF,
            COMMAND_CENTRE, DATA_BUREAU_ADMIN)),
    MANAGE_DEVICE_CREDENTIALS("签发设备凭据", "issue a device's credential", EnumSet.of(DATA_BUREAU_ADMIN)),
    REPORT_MEASUREMENT("上报设备测量值", "report device measurements", EnumSet.of(DEVICE, DATA_BUREAU_ADMIN)),

    // ---- flood control ----
    READ_FLOOD_SCENARIOS("查看防汛情景推演", "see flood scenarios and what they predict at the waterlogging spots", EnumSet.of(STREET_OFFICIAL, DISTRICT_OFFICIAL,
            CITY_OFFICIAL, COMMAND_CENTRE, DATA_BUREAU_ADMIN)),
    RUN_FLOOD_SCENARIO("运行防汛情景推演", "run a flood scenario on the city's drainage model", EnumSet.of(COMMAND_CENTRE, DATA_BUREAU_ADMIN)),
    MANAGE_DRAINAGE_MODEL("导入城市排水模型", "import the city's drainage model (EPA SWMM 5 .inp)", EnumSet.of(DATA_BUREAU_ADMIN)),
    READ_FLOOD_RESPONSE("查看防汛预警、应急响应和任务", "see flood warnings, emergency responses and their tasks", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL,
            DISTRICT_OFFICIAL, CITY_OFFICIAL, COMMAND_CENTRE, DATA_BUREAU_ADMIN)),
    DIRECT_FLOOD_RESPONSE("启动、调整和结束防汛应急响应，解除预警", "start, raise and end flood emergency responses and lift warnings", EnumSet.of(COMMAND_CENTRE)),
    WORK_FLOOD_TASK("处置防汛任务", "work a flood task: accept it, report it done", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, COMMAND_CENTRE)),
    REPORT_FLOODING("随手拍报告积水", "report flooding with a photo, and follow the report", EnumSet.of(CITIZEN)),
    FEED_RAIN_FORECAST("接收气象局降雨预报", "feed the meteorological bureau's rainfall forecast to the live flood forecast", EnumSet.of(DATA_BUREAU_ADMIN)),
    SIMULATE_DEMO_RAIN("在演示城市模拟暴雨", "make the demo city's rain gauges report a storm (the demo only)", EnumSet.of(COMMAND_CENTRE, DATA_BUREAU_ADMIN)),
    VIEW_FLOOD_PHOTO("查看积水报告照片", "see a flood report's photo (her own, or staff's incidents)", EnumSet.of(CITIZEN, COMMUNITY_WORKER, STREET_OFFICIAL,
            DISTRICT_OFFICIAL, CITY_OFFICIAL, COMMAND_CENTRE, DATA_BUREAU_ADMIN)),

    // ---- the city overview and the twin ----
    VIEW_CITY_OVERVIEW("查看城市总览", "see the city overview", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, CITY_OFFICIAL, HEALTH_STAFF,
            HOSPITAL_STAFF, COMMAND_CENTRE, DATA_BUREAU_ADMIN)),
    READ_TWIN("查询数字孪生", "query the digital twin", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL, CITY_OFFICIAL, HEALTH_STAFF,
            HOSPITAL_STAFF, COMMAND_CENTRE, DATA_BUREAU_ADMIN)),
    WRITE_TWIN("写入数字孪生", "write to the digital twin", EnumSet.of(COMMAND_CENTRE, DATA_BUREAU_ADMIN)),
    MANAGE_SUBSCRIPTIONS("管理孪生订阅", "read and manage twin subscriptions", EnumSet.of(COMMAND_CENTRE, DATA_BUREAU_ADMIN)),
    // A registration makes CityBrain forward queries, with the credentials it carries, to another system: the bureau's call.
    REGISTER_CONTEXT_SOURCES("登记孪生外部数据源", "register other brokers as sources of the twin (federation)", EnumSet.of(DATA_BUREAU_ADMIN)),

    // ---- the data hub (数据打通) ----
    READ_CATALOGUE("查看政务数据资源目录", "read the catalogue of the city's datasets", EnumSet.of(COMMUNITY_WORKER, STREET_OFFICIAL, DISTRICT_OFFICIAL,
            CITY_OFFICIAL, HEALTH_STAFF, HOSPITAL_STAFF, COMMAND_CENTRE, DATA_BUREAU_ADMIN, AUDITOR, DATA_OFFICER)),
    READ_DATA_SOURCES("查看数据源与入库运行", "see the data sources, their runs and quality reports", EnumSet.of(DATA_BUREAU_ADMIN, AUDITOR)),
    MANAGE_DATA_SOURCES("管理数据源与映射", "declare data sources and publish their mappings", EnumSet.of(DATA_BUREAU_ADMIN)),
    LOAD_DATA("提交数据入库", "upload files and push records into the data hub", EnumSet.of(DATA_BUREAU_ADMIN)),
    CORRECT_REJECTED_ROWS("更正并重新提交被拒数据", "correct and resubmit rejected rows", EnumSet.of(DATA_BUREAU_ADMIN)),
    READ_SHARING("查看共享申请与授权", "see the sharing applications and grants of my department", EnumSet.of(DATA_OFFICER, DATA_BUREAU_ADMIN, AUDITOR)),
    APPLY_FOR_DATA("申请共享数据", "apply for another department's dataset", EnumSet.of(DATA_OFFICER)),
    // The owner department's officer decides; the bureau may decide any application (it coordinates escalated ones).
    DECIDE_DATA_APPLICATION("审批共享申请", "grant or refuse an application for my department's dataset", EnumSet.of(DATA_OFFICER, DATA_BUREAU_ADMIN)),
    REVOKE_GRANT("撤销共享授权", "revoke a grant of my department's dataset", EnumSet.of(DATA_OFFICER, DATA_BUREAU_ADMIN)),
    ISSUE_CLIENT_CREDENTIAL("领取数据服务凭据", "take the client credential of my department's grant", EnumSet.of(DATA_OFFICER)),
    READ_EXCHANGE_LOG("查看与校验交换日志", "read and verify the exchange log", EnumSet.of(DATA_OFFICER, DATA_BUREAU_ADMIN, AUDITOR)),
    // The data service and the peer channel authenticate their callers themselves (a grant's client credential, a peer
    // region's signature), so the web layer lets every caller through to them.
    CALL_DATA_SERVICE("调用数据服务接口", "read a granted dataset with the grant's client credential", null),
    READ_EXCHANGE_KEYS("获取交换签名公钥", "fetch this city's exchange public keys (to verify receipts)", null),
    ANSWER_PEER_REGION("答复互信城市的查询", "answer another region's signed question", null),
    MANAGE_PEER_REGIONS("管理互信城市", "add other regions' CityBrains and their keys", EnumSet.of(DATA_BUREAU_ADMIN)),
    ASK_PEER_REGION("向互信城市查询", "ask another region's CityBrain (a traveller's code status)", EnumSet.of(HEALTH_STAFF, COMMUNITY_WORKER, COMMAND_CENTRE)),
    SERVE_DEMO_PROVINCE_REGISTRY("演示：省健康码状态库接口", "the demo's stand-in for the province's health-code registry (it checks the province's token itself)", null),

    // ---- running the platform ----
    // government services (办事)
    BROWSE_SERVICES("查看办事指南", "browse the government services and their guides", EnumSet.complementOf(EnumSet.of(DEVICE))),
    APPLY_FOR_SERVICE("在线办事", "apply for a government service", EnumSet.of(CITIZEN)),
    READ_OWN_APPLICATIONS("查看本人办件", "see my own applications and their steps", EnumSet.of(CITIZEN)),
    RATE_APPLICATION("评价办件（好差评）", "rate my finished application", EnumSet.of(CITIZEN)),
    HANDLE_APPLICATIONS("审核办件", "review the applications of my department's services", EnumSet.of(SERVICE_OFFICER)),
    RECTIFY_POOR_RATINGS("整改差评", "answer a poor rating of my department's service with what was changed", EnumSet.of(SERVICE_OFFICER)),
    SERVE_AT_COUNTER("窗口代办", "serve a walk-in citizen at the hall's counter: identify her, submit her application with her consent, print its receipt",
            EnumSet.of(HALL_CLERK)),
    READ_SERVICE_STATISTICS("查看办件统计与督办", "read the services' statistics (volume, on-time rate, share done online, ratings): a department its own, "
            + "the bureau running the hall all of them and the applications escalated past their time limit", EnumSet.of(SERVICE_OFFICER, DATA_BUREAU_ADMIN)),
    PUBLISH_SERVICE("发布办事事项", "publish a service of my department, or a new version of one", EnumSet.of(SERVICE_OFFICER)),

    // school enrollment (入学报名)
    ENROLL_CHILD("入学报名", "enroll my child in school, see the check and the allocation, appeal them", EnumSet.of(CITIZEN)),
    RUN_ENROLLMENT("组织入学招生", "open my department's enrollment campaigns, set their windows and places, read their applications, answer appeals",
            EnumSet.of(SERVICE_OFFICER)),
    READ_ENROLLMENT_DRAW("查看招生摇号公示", "read an enrollment's published draw (the seed's hash, then the seed, the applicants by number, the result)", null),

    READ_OWN_NOTICES("查看本人消息", "read the notices of my applications and enrollments", EnumSet.of(CITIZEN)),

    // electronic certificates (电子证照)
    READ_OWN_CERTIFICATES("查看本人电子证照（卡包）", "see my electronic certificates (wallet), download them, add one from a trusted issuer", EnumSet.of(CITIZEN)),
    VERIFY_CERTIFICATE("核验电子证照", "verify a certificate's code (anyone: a landlord, an employer, a counter)", null),
    READ_CERTIFICATE_KEYS("获取电子证照签发公钥", "fetch the certificate issuers' public keys and the offline verifier", null),
    REVOKE_CERTIFICATE("注销电子证照", "revoke a certificate my department issued, with the reason", EnumSet.of(SERVICE_OFFICER)),
    MANAGE_TRUSTED_ISSUERS("管理受信任的证照签发机构", "trust another issuer's certificates by its public key", EnumSet.of(DATA_BUREAU_ADMIN)),

    READ_AUDIT_TRAIL("查看与校验审计日志", "read and verify the audit trail", EnumSet.of(AUDITOR, DATA_BUREAU_ADMIN)),
    READ_API_DOCS("查看接口文档", "read the API documentation", EnumSet.of(DATA_BUREAU_ADMIN)),
    OPERATE_PLATFORM("查看运行指标", "read the platform's metrics and internals", EnumSet.of(DATA_BUREAU_ADMIN));

    private final String zh;
    private final String en;
    private final Set<Role> roles;

    Action(String zh, String en, Set<Role> roles) {
        this.zh = zh;
        this.en = en;
        this.roles = roles == null ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /** True for actions anyone may perform, signed in or not. */
    public boolean isPublic() {
        return roles.isEmpty();
    }

    /** The roles allowed (empty for public actions). */
    public Set<Role> roles() {
        return roles;
    }

    public boolean allows(Set<Role> held) {
        return isPublic() || held.stream().anyMatch(roles::contains);
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    /**
     * The user, when her roles allow the action; otherwise a refusal naming the action (field {@code role}: what a
     * client can change is who signs in, not a value of the request).
     */
    public CurrentUser demand(CurrentUser user) {
        if (!allows(user.roles())) {
            throw new Forbidden("role", "您的角色不能" + zh + " / your role may not " + en);
        }
        return user;
    }

    /** The Spring Security authorities of the allowed roles, for the URL rules that are not handler methods. */
    public String[] authorities() {
        return roles.stream().map(Role::name).toArray(String[]::new);
    }
}
