package org.citybrain.datahub.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The catalogue as a W3C DCAT 3 catalogue in JSON-LD, for a provincial or national catalogue to harvest: one
 * {@code dcat:Dataset} per entry with identifier, titles and descriptions in Chinese and English, publisher,
 * keywords, {@code dct:accessRights} and {@code dct:accrualPeriodicity} in the EU vocabularies that DCAT-AP uses, the
 * legal basis of a restriction as {@code dct:rights}, the quality score as a W3C DQV measurement, the sources as
 * {@code dct:provenance}, and the fields as a CSVW table schema (with which of them are personal data).
 */
@Component
class DcatExport {

    static final Map<String, Object> CONTEXT = Map.of(
            "dcat", "http://www.w3.org/ns/dcat#",
            "dct", "http://purl.org/dc/terms/",
            "foaf", "http://xmlns.com/foaf/0.1/",
            "dqv", "http://www.w3.org/ns/dqv#",
            "csvw", "http://www.w3.org/ns/csvw#",
            "xsd", "http://www.w3.org/2001/XMLSchema#",
            "citybrain", "https://citybrain.org/ns/datahub#");

    Map<String, Object> catalogue(String baseUrl, List<Catalogue.Entry> entries) {
        Map<String, Object> cat = new LinkedHashMap<>();
        cat.put("@context", CONTEXT);
        cat.put("@id", baseUrl + "/api/datahub/v1/catalogue/dcat");
        cat.put("@type", "dcat:Catalog");
        cat.put("dct:title", List.of(lang("政务数据资源目录", "zh"), lang("Catalogue of government data resources", "en")));
        cat.put("dct:publisher", Map.of("@type", "foaf:Agent", "foaf:name", "大数据管理局 / Big Data Bureau"));
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (Catalogue.Entry e : entries) {
            datasets.add(dataset(baseUrl, e));
        }
        cat.put("dcat:dataset", datasets);
        return cat;
    }

    private static Map<String, Object> dataset(String baseUrl, Catalogue.Entry e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("@id", baseUrl + "/api/datahub/v1/catalogue/" + e.id());
        d.put("@type", "dcat:Dataset");
        d.put("dct:identifier", e.id());
        d.put("dct:title", List.of(lang(e.titleZh(), "zh"), lang(e.titleEn(), "en")));
        d.put("dct:description", List.of(lang(e.descriptionZh(), "zh"), lang(e.descriptionEn(), "en")));
        d.put("dct:publisher", Map.of("@type", "foaf:Agent", "foaf:name", e.ownerUnit()));
        if (e.keywords() != null) {
            d.put("dcat:keyword", List.of(e.keywords().split("[,，、\\s]+")));
        }
        d.put("dct:accessRights", Map.of("@id", Catalogue.accessRight(e.sharingClass())));
        d.put("citybrain:sharingClass", e.sharingClass().name());
        if (e.sharingBasis() != null) {
            d.put("dct:rights", Map.of("@type", "dct:RightsStatement", "dct:description", e.sharingBasis()));
        }
        d.put("dct:accrualPeriodicity", Map.of("@id", Catalogue.frequency(e.frequency())));
        d.put("dct:modified", typed(e.modifiedAt().toString(), "xsd:dateTime"));
        if (e.qualityScore() != null) {
            d.put("dqv:hasQualityMeasurement", Map.of("@type", "dqv:QualityMeasurement", "dqv:isMeasurementOf",
                    Map.of("@id", "citybrain:acceptedRowShare"), "dqv:value", typed(String.valueOf(e.qualityScore()), "xsd:double")));
        }
        if (!e.sources().isEmpty()) {
            d.put("dct:provenance", Map.of("@type", "dct:ProvenanceStatement", "dct:description",
                    "数据源 / sources: " + String.join(", ", e.sources())));
        }
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Catalogue.Field f : e.fields()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("csvw:name", f.name());
            c.put("csvw:titles", f.label());
            c.put("csvw:datatype", f.type());
            c.put("citybrain:personalData", f.personal());
            columns.add(c);
        }
        d.put("csvw:tableSchema", Map.of("csvw:column", columns));
        d.put("dcat:distribution", Map.of("@type", "dcat:Distribution", "dcat:accessURL", Map.of("@id", baseUrl + "/api/datahub/v1/catalogue/" + e.id()),
                "dct:format", "application/json"));
        return d;
    }

    private static Map<String, Object> lang(String text, String lang) {
        return Map.of("@value", text, "@language", lang);
    }

    private static Map<String, Object> typed(String value, String type) {
        return Map.of("@value", value, "@type", type);
    }
}
