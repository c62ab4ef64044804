package org.citybrain.datahub.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.datahub.PeerQuestion;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.standards.IdNumber;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Another region asks for a family's household records when it moves there (户口迁移“跨省通办”): the members of the
 * applicant's household as the household register (the police's feed, dataset
 * {@code citybrain.datahub.family-records-dataset}) has them — ID number, name, relation to the head — and the
 * registered address, so the destination registers them without asking for the household book. The question names
 * the applicant, the household number and the migration case: the household number is what the applicant shows from
 * the household book, so a region cannot fish for families by ID number alone; a wrong number gets the same answer as
 * an unknown person. Each member sees the read under "who read my data", with the case.
 */
@Component
class FamilyRecords implements PeerQuestion {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ResidentRegistry residents;
    private final String dataset;

    FamilyRecords(JdbcClient jdbc, JsonMapper json, ResidentRegistry residents,
                  @Value("${citybrain.datahub.family-records-dataset:household-registry}") String dataset) {
        this.jdbc = jdbc;
        this.json = json;
        this.residents = residents;
        this.dataset = dataset;
    }

    @Override
    public String name() {
        return "family-records";
    }

    @Override
    public Answer answer(JsonNode question, String askingRegion) {
        List<InvalidStandardValue> problems = new ArrayList<>();
        String id = text(question, "idNumber", problems, "请给出申请人的身份证号码 / give the applicant's ID number");
        String householdNo = text(question, "householdNo", problems, "请给出户口簿上的户号 / give the household number from the household book");
        String migrationCase = text(question, "case", problems, "请给出迁移业务的受理编号 / give the migration case's number");
        IdNumber applicant = null;
        if (id != null) {
            try {
                applicant = IdNumber.parse(id);
            } catch (InvalidStandardValue e) {
                problems.add(new InvalidStandardValue("idNumber", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw problems.getFirst().withOthers(problems);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idNumber", applicant.masked());
        body.put("case", migrationCase);
        body.put("asOf", Instant.now().toString());
        record Row(JsonNode data, String division) {
        }
        Row own = jdbc.sql("select data, division_code from hub_record where dataset_id = ? and record_key = ?").params(dataset, applicant.value())
                .query((rs, n) -> new Row(json.readTree(rs.getString(1)), rs.getString(2))).optional().orElse(null);
        if (own == null || !householdNo.equals(own.data().path("householdNo").asString(""))) {
            body.put("known", false);
            return new Answer(body, List.of(), "户籍信息 / household records");
        }
        // the household's members live in its registered community: the division narrows the search to it
        List<JsonNode> members = jdbc.sql("select data from hub_record where dataset_id = ? and division_code = ? and data like ? order by record_key")
                .params(dataset, own.division(), "%\"householdNo\":\"" + householdNo.replace("%", "").replace("_", "") + "\"%")
                .query((rs, n) -> json.readTree(rs.getString(1))).list().stream()
                .filter(m -> householdNo.equals(m.path("householdNo").asString(""))).toList();
        List<Map<String, Object>> shown = new ArrayList<>();
        List<IdNumber> ids = new ArrayList<>();
        for (JsonNode m : members) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("idNumber", m.path("idNumber").asString(null));
            member.put("name", m.path("name").asString(null));
            member.put("relation", m.path("relation").asString(null));
            shown.add(member);
            try {
                ids.add(IdNumber.parse(m.path("idNumber").asString("")));
            } catch (InvalidStandardValue notOne) {
                // a member without a valid number is shown as registered, and has nobody to tell
            }
        }
        body.put("known", true);
        body.put("householdNo", householdNo);
        body.put("address", own.data().path("address").asString(null));
        body.put("members", shown);
        return new Answer(body, List.copyOf(residents.residentIdsOf(ids).values()),
                "户籍信息（家庭成员，迁移受理号 " + migrationCase + "） / household records (family members, migration case " + migrationCase + ")");
    }

    private static String text(JsonNode question, String field, List<InvalidStandardValue> problems, String missing) {
        JsonNode v = question == null ? null : question.get(field);
        if (v == null || !v.isString() || v.asString().isBlank() || v.asString().length() > 100) {
            problems.add(new InvalidStandardValue(field, missing));
            return null;
        }
        return v.asString().strip();
    }
}
