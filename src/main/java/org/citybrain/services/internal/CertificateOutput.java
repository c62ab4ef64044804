package org.citybrain.services.internal;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.citybrain.certificates.CertificateIssuer;
import org.citybrain.standards.CreditCode;
import org.citybrain.standards.InvalidStandardValue;
import tools.jackson.databind.JsonNode;

/**
 * A certificate (电子证照) a service issues when it grants: its kind and title, the issuing department (the service's
 * own unless named: the birth bundle's certificates come from four), how long it is valid, how it is numbered (the
 * library's numbers, or a unified social credit code under GB 32100 for a business) and its entries, each taken from
 * the application: a form field (by its choice's name when it has choices), a field of a fetched material's first
 * record (the hospital's birth record), the applicant's name, or a fixed text.
 */
record CertificateOutput(String kind, String titleZh, String titleEn, String issuer, int validYears, Numbering numbering, String divisionField,
                         List<EntrySpec> entries) {

    enum Numbering { LIBRARY, CREDIT_CODE }

    /** One entry of the certificate: its labels and where its value comes from ({@code form.x}, {@code applicant.name}, {@code text:…}). */
    record EntrySpec(String labelZh, String labelEn, String from) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    static List<CertificateOutput> of(JsonNode output) {
        List<CertificateOutput> out = new ArrayList<>();
        for (JsonNode c : output.path("certificates")) {
            List<EntrySpec> entries = new ArrayList<>();
            c.path("entries").forEach(e -> entries.add(new EntrySpec(e.path("labelZh").asString(""), e.path("labelEn").asString(""), e.path("from").asString(""))));
            out.add(new CertificateOutput(c.path("kind").asString(""), c.path("titleZh").asString(""), c.path("titleEn").asString(""),
                    c.path("issuer").asString(null), c.path("validYears").asInt(0), Numbering.valueOf(c.path("numbering").asString("LIBRARY")),
                    c.path("divisionField").asString(null), List.copyOf(entries)));
        }
        return List.copyOf(out);
    }

    /** What is wrong with a definition's certificates, each naming its place (output.certificates[0].entries[2].from). */
    static List<InvalidStandardValue> problems(JsonNode output, Set<String> formFields, Set<String> materials) {
        List<InvalidStandardValue> problems = new ArrayList<>();
        int i = 0;
        Set<String> kinds = new java.util.HashSet<>();
        for (JsonNode c : output.path("certificates")) {
            String at = "output.certificates[" + i++ + "]";
            if (!c.path("kind").asString("").matches("[a-z0-9][a-z0-9-]{2,63}") || !kinds.add(c.path("kind").asString(""))) {
                problems.add(new InvalidStandardValue(at + ".kind", "证照类型为不重复的3至64位小写字母、数字和连字符 / a certificate's kind is 3 to 64 lower-case letters, digits and hyphens, once"));
            }
            if (c.path("titleZh").asString("").isBlank() || c.path("titleEn").asString("").isBlank()) {
                problems.add(new InvalidStandardValue(at + ".titleZh", "证照须有中英文名称 / a certificate needs its title in both languages"));
            }
            int years = c.path("validYears").asInt(-1);
            if (years < 0 || years > 100) {
                problems.add(new InvalidStandardValue(at + ".validYears", "有效年限为0（长期）至100年 / valid for 0 (no end) to 100 years"));
            }
            String numbering = c.path("numbering").asString("LIBRARY");
            if (!numbering.equals("LIBRARY") && !numbering.equals("CREDIT_CODE")) {
                problems.add(new InvalidStandardValue(at + ".numbering", "编号方式为 LIBRARY 或 CREDIT_CODE / numbering is LIBRARY or CREDIT_CODE"));
            } else if (numbering.equals("CREDIT_CODE") && !formFields.contains(c.path("divisionField").asString(""))) {
                problems.add(new InvalidStandardValue(at + ".divisionField", "统一社会信用代码须由表单中的登记区县生成 / a credit code needs the form's district field"));
            }
            int j = 0;
            for (JsonNode e : c.path("entries")) {
                String from = e.path("from").asString("");
                String[] material = from.split("\\.");
                boolean known = from.equals("applicant.name") || from.startsWith("text:") || from.startsWith("form.") && formFields.contains(from.substring(5))
                        || material.length == 3 && material[0].equals("material") && materials.contains(material[1]);
                if (!known) {
                    problems.add(new InvalidStandardValue(at + ".entries[" + j + "].from", "证照内容取自 form.字段、material.材料.字段、applicant.name 或 text:文字，没有「"
                            + from + "」 / an entry comes from form.<field>, material.<material>.<field>, applicant.name or text:<words>; there is no " + from));
                }
                if (e.path("labelZh").asString("").isBlank()) {
                    problems.add(new InvalidStandardValue(at + ".entries[" + j + "].labelZh", "请填写证照内容的名称 / label the entry"));
                }
                j++;
            }
        }
        return problems;
    }

    /** The order for the application this certificate is issued on. */
    CertificateIssuer.Order order(Application a, ServiceDefinition d, String idNumber, java.util.Map<String, JsonNode> materials, LocalDate today) {
        List<CertificateIssuer.Entry> values = new ArrayList<>();
        for (EntrySpec e : entries) {
            values.add(new CertificateIssuer.Entry(e.labelZh(), e.labelEn(), value(e.from(), a, d, materials)));
        }
        String number = numbering == Numbering.CREDIT_CODE ? soleTraderCode(a.form().path(divisionField).asString("")) : null;
        return new CertificateIssuer.Order(kind, titleZh, titleEn, issuer == null || issuer.isBlank() ? d.department() : issuer, a.applicantName(), idNumber,
                values, today, validYears == 0 ? null : today.plusYears(validYears).minusDays(1), "svc:" + a.id(), number);
    }

    private static String value(String from, Application a, ServiceDefinition d, java.util.Map<String, JsonNode> materials) {
        if (from.equals("applicant.name")) {
            return a.applicantName();
        }
        if (from.startsWith("text:")) {
            return from.substring(5);
        }
        if (from.startsWith("material.")) {
            // the first record fetched, as the rule table read it; a record it did not find leaves the entry blank
            String[] path = from.split("\\.");
            JsonNode record = materials.get(path[1]);
            return record == null ? "" : record.path(path[2]).asString("");
        }
        String field = from.substring(5);
        String raw = a.form().path(field).asString("");
        return d.fields().stream().filter(f -> f.name().equals(field) && !f.choices().isEmpty()).findFirst().map(f -> f.choice(raw, false)).orElse(raw);
    }

    /**
     * A unified social credit code for an individual business (GB 32100-2015): registration authority 9 (market
     * regulation), type 2 (个体工商户), the district's GB/T 2260 code, a nine-character body whose last is the GB 11714
     * check digit, and the check character. The body is drawn at random: the certificate's unique number refuses a
     * repeat, and the decision step fails and is retried rather than issue two licences one code.
     */
    static String soleTraderCode(String division) {
        if (!division.matches("\\d{6}")) {
            throw new IllegalStateException("a credit code needs the district's six-digit code, not " + division);
        }
        int[] weights = {3, 7, 9, 10, 5, 8, 4, 2};
        StringBuilder body = new StringBuilder();
        int sum = 0;
        for (int k = 0; k < 8; k++) {
            int digit = RANDOM.nextInt(10);
            body.append(digit);
            sum += digit * weights[k];
        }
        int check = 11 - sum % 11;
        body.append(check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check));
        return CreditCode.of("92" + division + body).value();
    }
}
