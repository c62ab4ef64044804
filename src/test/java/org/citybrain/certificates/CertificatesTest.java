package org.citybrain.certificates;

import java.io.ByteArrayInputStream;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.datahub.DemoFeedRuns;
import org.citybrain.standards.CreditCode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Electronic certificates as their holders and verifiers meet them: a migrant worker insured in the city applies for
 * a residence permit, the social insurance register decides it and the permit is in her wallet at once, as a PDF the
 * police signed (the CMS signature verifies over the document, by the bureau's certificate) and as a code anyone
 * verifies — altered, it fails; revoked, the online check says so and why. A business licence carries a valid GB
 * 32100 credit code; a restaurant's waits for the bureau's check. A certificate from another city's library is
 * accepted into the wallet only once the big-data bureau trusts its key, and only by its holder. Refusals come with
 * a signed decision letter stating the remedies.
 */
@CityBrainTest
class CertificatesTest {

    /** Dates as the city's services count them (after 16:00 UTC it is already tomorrow in Zhengzhou). */
    private static final java.time.ZoneId CITY = java.time.ZoneId.of("Asia/Shanghai");

    private static final String ZHANG = "410105198805120019";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aResidencePermitIsDecidedFromTheRegistersSignedAndVerifiable() throws Exception {
        DemoFeedRuns.loaded(port, "household-registry");
        DemoFeedRuns.loaded(port, "housing-registry");
        DemoFeedRuns.polled(port, "social-security");
        String migrant = insuredMigrant();
        CityBrainClient phone = signedInBySms(migrant);

        Answer applied = phone.json("POST", "/api/services/v1/services/residence-permit/applications", permitForm("EMPLOYMENT", LocalDate.now(CITY).minusYears(2)),
                "Idempotency-Key", "rp-" + System.nanoTime(), "X-CSRF-TOKEN", phone.csrf("/services"));
        assertThat(applied.status()).as(applied.body()).isEqualTo(201);
        long id = applied.json().get("id").asLong();
        JsonNode decided = phone.get("/api/services/v1/applications/" + id).json();
        assertThat(decided.get("state").asString()).as(decided.toString()).isEqualTo("APPROVED");
        assertThat(decided.get("steps").findValuesAsString("kind")).contains("FETCHED", "DECIDED", "APPROVED", "CERTIFIED");

        // she is told, in her message box and by SMS through the city's gateway
        JsonNode notices = phone.get("/api/notifications/v1/mine").json().get("notices");
        assertThat(notices.findValuesAsString("textZh")).anyMatch(t -> t.contains("居住证签发") && t.contains("电子证照"));
        for (int i = 0; i < 100 && jdbc.queryForObject("select count(*) from ntf_notice n join resident r on r.id = n.resident_id where r.id_number = ? "
                + "and n.state = 'PENDING'", Long.class, migrant) > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(jdbc.queryForList("select n.gateway_ref from ntf_notice n join resident r on r.id = n.resident_id where r.id_number = ?", String.class, migrant))
                .isNotEmpty().allMatch(ref -> ref != null && ref.startsWith("demo-"));
        assertThat(phone.get("/messages").body()).contains("短信已发送");

        JsonNode wallet = phone.get("/api/certificates/v1/wallet").json();
        JsonNode permit = null;
        for (JsonNode c : wallet) {
            if (c.get("titleZh").asString().equals("河南省居住证")) {
                permit = c;
            }
        }
        assertThat(permit).as(wallet.toString()).isNotNull();
        assertThat(permit.get("standing").asString()).isEqualTo("VALID");
        assertThat(permit.get("validUntil").asString()).isEqualTo(LocalDate.now(CITY).plusYears(1).minusDays(1).toString());
        String number = permit.get("number").asString();
        String code = permit.get("code").asString();

        // the PDF: signed by the police's key, over the whole document; its text in the embedded font
        Map.Entry<Integer, byte[]> pdf = phone.getBytes("/api/certificates/v1/wallet/" + number + "/pdf");
        assertThat(pdf.getKey()).isEqualTo(200);
        String name = jdbc.queryForObject("select name from resident where id_number = ?", String.class, migrant);
        try (PDDocument doc = Loader.loadPDF(pdf.getValue())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("河南省居住证").contains(name).contains(migrant).contains(number).contains("郑州市公安局");
            List<PDSignature> signatures = doc.getSignatureDictionaries();
            assertThat(signatures).hasSize(1);
            PDSignature s = signatures.getFirst();
            assertThat(s.getSubFilter()).isEqualTo("adbe.pkcs7.detached");
            X509Certificate signer = verifiedSigner(s, pdf.getValue());
            assertThat(signer.getSubjectX500Principal().getName()).contains("郑州市公安局");
            int[] range = s.getByteRange();
            assertThat((long) range[2] + range[3]).as("the signature covers the whole file").isEqualTo(pdf.getValue().length);
        }
        byte[] tampered = pdf.getValue().clone();
        int at = new String(tampered, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("/Title");
        tampered[at + 1] = 'X';
        try (PDDocument doc = Loader.loadPDF(pdf.getValue())) {
            assertThat(verifies(doc.getSignatureDictionaries().getFirst(), tampered)).as("a changed byte breaks the signature").isFalse();
        }

        // anyone verifies the code, without signing in; the ID number on it is masked
        CityBrainClient landlord = CityBrainClient.anonymous(port);
        JsonNode ok = landlord.json("POST", "/api/certificates/v1/verification", JSON.writeValueAsString(Map.of("code", code))).json();
        assertThat(ok.get("result").asString()).as(ok.toString()).isEqualTo("VALID");
        assertThat(ok.get("holder").asString()).isEqualTo(name);
        assertThat(ok.get("holderId").asString()).startsWith(migrant.substring(0, 4)).endsWith(migrant.substring(14)).contains("**********");
        String[] parts = code.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new String(java.util.Base64.getUrlDecoder()
                .decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8).replace(name, "王五").getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(landlord.json("POST", "/api/certificates/v1/verification", JSON.writeValueAsString(Map.of("code", forged))).json().get("result").asString())
                .isEqualTo("ALTERED");
        assertThat(landlord.json("POST", "/api/certificates/v1/verification", "{\"code\": \"hello\"}").json().get("result").asString()).isEqualTo("NOT_A_CODE");
        JsonNode keys = landlord.get("/api/certificates/v1/issuers/jwks.json").json();
        assertThat(keys.get("keys").findValuesAsString("issuer")).contains("郑州市公安局");
        assertThat(keys.toString()).doesNotContain("\"d\"");

        // another's certificate is not found in one's wallet; another department cannot revoke it
        assertThat(as(ZHANG).get("/api/certificates/v1/wallet/" + number).status()).isEqualTo(404);
        assertThat(as("gjj.officer").json("POST", "/api/certificates/v1/certificates/" + number + "/revocation", "{\"reason\": \"x\"}").status()).isEqualTo(403);
        assertThat(as("police.officer").json("POST", "/api/certificates/v1/certificates/" + number + "/revocation", "{}").status()).isEqualTo(400);
        Answer revoked = as("police.officer").json("POST", "/api/certificates/v1/certificates/" + number + "/revocation", "{\"reason\": \"持证人已迁出本市\"}");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        JsonNode after = landlord.json("POST", "/api/certificates/v1/verification", JSON.writeValueAsString(Map.of("code", code))).json();
        assertThat(after.get("result").asString()).isEqualTo("REVOKED");
        assertThat(after.get("revokedReason").asString()).isEqualTo("持证人已迁出本市");
        assertThat(phone.get("/api/certificates/v1/wallet/" + number).json().get("standing").asString()).isEqualTo("REVOKED");

        // six months are the law's: a newcomer is refused with the reason, and a signed letter saying how to contest it
        Answer early = phone.json("POST", "/api/services/v1/services/residence-permit/applications", permitForm("EMPLOYMENT", LocalDate.now(CITY).minusMonths(2)),
                "Idempotency-Key", "rp-early-" + System.nanoTime(), "X-CSRF-TOKEN", phone.csrf("/services"));
        long refusedId = early.json().get("id").asLong();
        JsonNode refused = phone.get("/api/services/v1/applications/" + refusedId).json();
        assertThat(refused.get("state").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("rule").asString()).isEqualTo("NOT_SIX_MONTHS");
        assertThat(refused.get("reasonZh").asString()).contains("半年");
        Map.Entry<Integer, byte[]> letter = phone.getBytes("/api/services/v1/applications/" + refusedId + "/decision.pdf");
        assertThat(letter.getKey()).isEqualTo(200);
        try (PDDocument doc = Loader.loadPDF(letter.getValue())) {
            assertThat(new PDFTextStripper().getText(doc).replaceAll("\\s", "")).contains("不予办理决定书").contains("行政复议").contains("半年");
            assertThat(verifiedSigner(doc.getSignatureDictionaries().getFirst(), letter.getValue()).getSubjectX500Principal().getName()).contains("郑州市公安局");
        }
        assertThat(as(ZHANG).getBytes("/api/services/v1/applications/" + refusedId + "/decision.pdf").getKey()).as("not his").isEqualTo(404);
    }

    @Test
    void aBusinessLicenceCarriesACreditCodeAndARestaurantWaitsForTheBureau() {
        Answer shop = as(ZHANG).json("POST", "/api/services/v1/services/individual-business/applications", businessForm("RETAIL"),
                "Idempotency-Key", "ib-" + System.nanoTime());
        assertThat(shop.status()).as(shop.body()).isEqualTo(201);
        assertThat(as(ZHANG).get("/api/services/v1/applications/" + shop.json().get("id").asLong()).json().get("state").asString()).isEqualTo("APPROVED");
        String licence = jdbc.queryForObject("select number from cert_certificate where source = ? and kind = 'business-licence'", String.class,
                "svc:" + shop.json().get("id").asLong());
        assertThat(new CreditCode(licence).value()).startsWith("92410105");
        JsonNode one = as(ZHANG).get("/api/certificates/v1/wallet/" + licence).json();
        assertThat(one.get("entries").findValuesAsString("value")).contains("郑州市金水区张记便利店", "个体工商户", "张明");

        Answer restaurant = as(ZHANG).json("POST", "/api/services/v1/services/individual-business/applications", businessForm("CATERING"),
                "Idempotency-Key", "ib-food-" + System.nanoTime());
        long id = restaurant.json().get("id").asLong();
        assertThat(as(ZHANG).get("/api/services/v1/applications/" + id).json().get("state").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(jdbc.queryForObject("select count(*) from cert_certificate where source = ?", Long.class, "svc:" + id)).isZero();
        Answer approved = as("market.officer").json("POST", "/api/services/v1/applications/" + id + "/review", "{\"decision\": \"APPROVE\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from cert_certificate where source = ?", Long.class, "svc:" + id)).isEqualTo(1);
    }

    @Test
    void anotherCitysCertificateIsAcceptedOnceItsKeyIsTrustedAndOnlyByItsHolder() throws Exception {
        ECKey kaifeng = new ECKeyGenerator(Curve.P_256).keyID("kaifeng-2026").generate();
        String code = foreign(kaifeng, "张明", "4101**********0019");
        CityBrainClient zhang = as(ZHANG);
        Answer untrusted = zhang.json("POST", "/api/certificates/v1/wallet/imports", JSON.writeValueAsString(Map.of("code", code)));
        assertThat(untrusted.status()).isEqualTo(400);
        assertThat(untrusted.body()).contains("code").contains("trust");

        assertThat(zhang.json("POST", "/api/certificates/v1/trusted-issuers", "{}").status()).isEqualTo(403);
        String jwk = kaifeng.toPublicJWK().toJSONString();
        Answer trusted = as("bigdata").json("POST", "/api/certificates/v1/trusted-issuers", "{\"issuer\": \"开封市行政审批和政务信息管理局\", \"publicKey\": " + jwk + "}");
        assertThat(trusted.status()).as(trusted.body()).isEqualTo(201);
        assertThat(as("bigdata").json("POST", "/api/certificates/v1/trusted-issuers", "{\"issuer\": \"x\", \"publicKey\": {\"kty\": \"oct\", \"k\": \"AA\"}}").status())
                .isEqualTo(400);

        Answer added = zhang.json("POST", "/api/certificates/v1/wallet/imports", JSON.writeValueAsString(Map.of("code", code)));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(zhang.get("/api/certificates/v1/wallet").json().findValuesAsString("issuer")).contains("开封市行政审批和政务信息管理局");
        Answer notHers = as("410103199209030027").json("POST", "/api/certificates/v1/wallet/imports", JSON.writeValueAsString(Map.of("code", code)));
        assertThat(notHers.status()).isEqualTo(403);
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("kaifeng-2026").generate();
        assertThat(zhang.json("POST", "/api/certificates/v1/wallet/imports", JSON.writeValueAsString(Map.of("code", foreign(stranger, "张明", "4101**********0019"))))
                .body()).as("the same kid, another key").contains("altered");
    }

    @Test
    void theBirthBundleIssuesFourCertificatesFromFourDepartmentsInOneApplication() throws Exception {
        DemoFeedRuns.loaded(port, "household-registry");
        DemoFeedRuns.loaded(port, "birth-records");
        String li = "410103199209030027";
        String form = "{\"form\": {\"babyName\": \"李安然\", \"relation\": \"MOTHER\", \"cardAddress\": \"二七区大学路40号\", \"phone\": \"13800138001\"}}";
        Answer applied = as(li).json("POST", "/api/services/v1/services/birth-bundle/applications", form, "Idempotency-Key", "birth-" + System.nanoTime());
        assertThat(applied.status()).as(applied.body()).isEqualTo(201);
        long id = applied.json().get("id").asLong();
        JsonNode decided = as(li).get("/api/services/v1/applications/" + id).json();
        assertThat(decided.get("state").asString()).as(decided.toString()).isEqualTo("APPROVED");
        assertThat(decided.get("rule").asString()).isEqualTo("ALL_IN_ONE");
        List<Map<String, Object>> issued = jdbc.queryForList("select kind, issuer, number from cert_certificate where source = ? order by kind", "svc:" + id);
        assertThat(issued).extracting(r -> r.get("issuer")).containsExactly("郑州市卫生健康委员会", "郑州市公安局", "郑州市医疗保障局", "郑州市人力资源和社会保障局");
        String birth = (String) issued.getFirst().get("number");
        JsonNode certificate = as(li).get("/api/certificates/v1/wallet/" + birth).json();
        String hospital = jdbc.queryForObject("select data from hub_record where dataset_id = 'birth-records' and data like ?", String.class,
                "%" + li + "%");
        assertThat(certificate.get("entries").findValuesAsString("value")).contains("李安然", JSON.readTree(hospital).get("hospital").asString(), "李华");
        assertThat(decided.get("steps").findValuesAsString("kind").stream().filter("CERTIFIED"::equals)).hasSize(4);

        // a parent the hospitals reported no newborn for is refused, with the reason
        Answer none = as(ZHANG).json("POST", "/api/services/v1/services/birth-bundle/applications", form.replace("MOTHER", "FATHER"),
                "Idempotency-Key", "birth-none-" + System.nanoTime());
        JsonNode refused = as(ZHANG).get("/api/services/v1/applications/" + none.json().get("id").asLong()).json();
        assertThat(refused.get("state").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("rule").asString()).isEqualTo("NO_BIRTH_RECORD");
    }

    private static String foreign(ECKey key, String holder, String maskedId) throws Exception {
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put("no", "KF2026000123");
        claims.put("kind", "degree");
        claims.put("title", "学位证书");
        claims.put("iss", "开封市行政审批和政务信息管理局");
        claims.put("holder", holder);
        claims.put("holderId", maskedId);
        claims.put("issued", "2026-07-01");
        claims.put("entries", List.of(List.of("专业", "土木工程")));
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(new JOSEObjectType("zz-cert+jws")).build(),
                new Payload(claims));
        jws.sign(new ECDSASigner(key));
        return jws.serialize();
    }

    private static X509Certificate verifiedSigner(PDSignature s, byte[] file) throws Exception {
        CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(s.getSignedContent(file)), cms(s.getContents(file)));
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        X509CertificateHolder holder = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID()).iterator().next();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
        assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate))).isTrue();
        return certificate;
    }

    /** The signature's CMS structure without the zeros the PDF's placeholder pads it with. */
    private static org.bouncycastle.asn1.cms.ContentInfo cms(byte[] padded) throws java.io.IOException {
        try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(padded)) {
            return org.bouncycastle.asn1.cms.ContentInfo.getInstance(in.readObject());
        }
    }

    private static boolean verifies(PDSignature s, byte[] file) {
        try {
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(s.getSignedContent(file)), cms(s.getContents(file)));
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            X509CertificateHolder holder = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID()).iterator().next();
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(new JcaX509CertificateConverter().getCertificate(holder)));
        } catch (Exception e) {
            return false;
        }
    }

    /** A resident registered elsewhere (not in the household register), living in the city, insured here, with a mobile to sign in with. */
    private String insuredMigrant() {
        java.util.Set<String> registered = new java.util.HashSet<>();
        for (String data : jdbc.queryForList("select data from hub_record where dataset_id = 'household-registry'", String.class)) {
            registered.add(JSON.readTree(data).path("idNumber").asString(""));
        }
        for (String data : jdbc.queryForList("select data from hub_record where dataset_id = 'social-insurance' order by record_key", String.class)) {
            JsonNode r = JSON.readTree(data);
            String id = r.path("idNumber").asString("");
            if (!registered.contains(id) && "CONTRIBUTING".equals(r.path("status").asString())
                    && jdbc.queryForObject("select count(*) from resident where id_number = ? and mobile is not null", Long.class, id) == 1) {
                return id;
            }
        }
        throw new AssertionError("the demo's social insurance register holds no insured migrant");
    }

    private CityBrainClient signedInBySms(String idNumber) {
        CityBrainClient phone = CityBrainClient.anonymous(port);
        String csrf = phone.csrf("/login");
        Matcher code = Pattern.compile("验证码 (\\d{6})").matcher(phone.postForm("/login/sms-code", Map.of("idNumber", idNumber), csrf).body());
        assertThat(code.find()).isTrue();
        phone.postForm("/login", Map.of("username", idNumber, "password", code.group(1)), csrf);
        return phone;
    }

    private static String permitForm(String basis, LocalDate since) {
        return "{\"form\": {\"district\": \"410105\", \"address\": \"金水区经三路68号3号楼2单元501\", \"livingSince\": \"" + since + "\", \"basis\": \"" + basis
                + "\", \"phone\": \"13800138000\"}}";
    }

    private static String businessForm(String industry) {
        return "{\"form\": {\"tradeName\": \"郑州市金水区张记便利店\", \"industry\": \"" + industry + "\", \"scope\": \"日用百货、预包装食品销售\", \"district\": \"410105\", "
                + "\"premises\": \"金水区丰产路21号\", \"capital\": 50000, \"phone\": \"13800138000\"}}";
    }

    private CityBrainClient as(String account) {
        return CityBrainClient.basic(port, account, DemoAccounts.password(account));
    }
}
