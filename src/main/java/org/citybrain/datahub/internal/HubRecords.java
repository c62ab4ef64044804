package org.citybrain.datahub.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.datahub.Lineage;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub's own datasets: one row per record under (dataset, match key), its values as JSON, a digest of them, and
 * its lineage (source, run, time). Loading a record again is an update when it changed and nothing when it did not;
 * the primary key is what makes two loads of one record one record, whichever node runs them.
 */
@Component
class HubRecords implements org.citybrain.datahub.HubDatasets {

    /** What writing a chunk did. */
    record Written(long inserted, long updated, long unchanged, long duplicates) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    HubRecords(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }


    /** A record's values as stored: the JSON text and its digest (what tells a changed record from an unchanged one). */
    record Encoded(String data, String hash) {
    }

    Encoded encode(RowMapping.Mapped r) {
        String data = json.writeValueAsString(asJson(r.values()));
        return new Encoded(data, sha256(data));
    }

    /** Writes rows already encoded ({@code encoded.get(i)} is {@code rows.get(i)}'s): the reading thread encodes, the writer only writes. */
    Written write(String dataset, List<RowMapping.Mapped> rows, List<Encoded> encoded, Lineage lineage) {
        return write(dataset, rows, encoded, lineage, List.of());
    }

    /**
     * Writes rows and indexes the people they name: {@code personFields} are the fields holding ID numbers (GB 11643),
     * whose digests go to {@code hub_record_person} for the records inserted or changed, so a service finds an
     * applicant's records in a dataset keyed by an account or a certificate.
     */
    Written write(String dataset, List<RowMapping.Mapped> rows, List<Encoded> encoded, Lineage lineage, List<String> personFields) {
        if (rows.isEmpty()) {
            return new Written(0, 0, 0, 0);
        }
        Map<String, String[]> existing = existing(dataset, rows.stream().map(RowMapping.Mapped::key).toList()); // key → {hash, run}
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        long unchanged = 0;
        long updated = 0;
        long duplicates = 0;
        Timestamp at = Timestamp.from(lineage.loadedAt());
        for (int i = 0; i < rows.size(); i++) {
            RowMapping.Mapped r = rows.get(i);
            String data = encoded.get(i).data();
            String hash = encoded.get(i).hash();
            String[] before = existing.get(r.key());
            if (before == null) {
                inserts.add(new Object[]{dataset, r.key(), data, hash, r.division(), lineage.sourceId(), lineage.runId(), at});
                continue;
            }
            boolean repeated = before[1].equals(String.valueOf(lineage.runId()));
            if (repeated) {
                duplicates++; // the same record earlier in this delivery: the later row wins, counted as a duplicate only
            }
            if (!before[0].equals(hash)) {
                updates.add(new Object[]{data, hash, r.division(), lineage.sourceId(), lineage.runId(), at, dataset, r.key()});
                updated += repeated ? 0 : 1;
            } else if (!repeated) {
                unchanged++;
            }
        }
        try {
            jdbc.batchUpdate("""
                    insert into hub_record (dataset_id, record_key, data, content_hash, division_code, source_id, run_id, loaded_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""", inserts);
        } catch (DuplicateKeyException e) {
            // Another source loading the same dataset inserted some of these keys meanwhile: those become updates.
            for (Object[] row : inserts) {
                int n = jdbc.update("update hub_record set data = ?, content_hash = ?, division_code = ?, source_id = ?, run_id = ?, loaded_at = ? "
                        + "where dataset_id = ? and record_key = ?", row[2], row[3], row[4], row[5], row[6], row[7], row[0], row[1]);
                if (n == 0) {
                    jdbc.update("insert into hub_record (dataset_id, record_key, data, content_hash, division_code, source_id, run_id, loaded_at) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?)", row);
                }
            }
        }
        jdbc.batchUpdate("""
                update hub_record set data = ?, content_hash = ?, division_code = ?, source_id = ?, run_id = ?, loaded_at = ?
                where dataset_id = ? and record_key = ?""", updates);
        if (!personFields.isEmpty()) {
            indexPeople(dataset, rows, inserts, updates, personFields);
        }
        return new Written(inserts.size(), updated, unchanged, duplicates);
    }

    private void indexPeople(String dataset, List<RowMapping.Mapped> rows, List<Object[]> inserts, List<Object[]> updates, List<String> personFields) {
        java.util.Set<String> written = new java.util.HashSet<>();
        inserts.forEach(r -> written.add((String) r[1]));
        List<Object[]> changed = updates.stream().map(r -> new Object[]{dataset, r[7]}).toList();
        changed.forEach(r -> written.add((String) r[1]));
        if (written.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("delete from hub_record_person where dataset_id = ? and record_key = ?", changed);
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Object[]> people = new ArrayList<>();
        for (RowMapping.Mapped r : rows) {
            if (!written.contains(r.key())) {
                continue;
            }
            for (String field : personFields) {
                Object id = r.values().get(field);
                if (id != null && seen.add(r.key() + "\u0000" + id)) {
                    people.add(new Object[]{sha256(id.toString()), dataset, r.key()});
                }
            }
        }
        try {
            jdbc.batchUpdate("insert into hub_record_person (id_hash, dataset_id, record_key) values (?, ?, ?)", people);
        } catch (DuplicateKeyException e) {
            // a row repeated in one delivery (its record written twice): the pairs already there stay
            for (Object[] p : people) {
                jdbc.update("delete from hub_record_person where id_hash = ? and dataset_id = ? and record_key = ?", p);
                jdbc.update("insert into hub_record_person (id_hash, dataset_id, record_key) values (?, ?, ?)", p);
            }
        }
    }

    /** The records of a dataset that name this person (an ID number, GB 11643) in one of their ID fields. */
    @Override
    public List<org.citybrain.datahub.HubDatasets.HubRecord> naming(String dataset, String idNumber) {
        return naming(dataset, idNumber, null);
    }

    /** The same, only records of a division (a code prefix; null: all): a grant's rows. */
    List<org.citybrain.datahub.HubDatasets.HubRecord> naming(String dataset, String idNumber, String divisionPrefix) {
        return jdbc.query("""
                select r.record_key, r.data, r.loaded_at from hub_record_person p
                join hub_record r on r.dataset_id = p.dataset_id and r.record_key = p.record_key
                where p.id_hash = ? and p.dataset_id = ? and (cast(? as varchar) is null or r.division_code like ?) order by r.record_key""",
                (rs, n) -> new org.citybrain.datahub.HubDatasets.HubRecord(rs.getString(1), json.readTree(rs.getString(2)), rs.getTimestamp(3).toInstant()),
                sha256(idNumber), dataset, divisionPrefix, divisionPrefix == null ? null : divisionPrefix + "%");
    }

    /** A page of a dataset's records after a key, in key order, only of a division (a code prefix; null: all): what a sweep reads. */
    List<org.citybrain.datahub.HubDatasets.HubRecord> after(String dataset, String afterKey, int limit, String divisionPrefix) {
        return jdbc.query("""
                select record_key, data, loaded_at from hub_record where dataset_id = ? and record_key > ?
                and (cast(? as varchar) is null or division_code like ?) order by record_key fetch first ? rows only""",
                (rs, n) -> new org.citybrain.datahub.HubDatasets.HubRecord(rs.getString(1), json.readTree(rs.getString(2)), rs.getTimestamp(3).toInstant()),
                dataset, afterKey == null ? "" : afterKey, divisionPrefix, divisionPrefix == null ? null : divisionPrefix + "%", limit);
    }

    /** The stored digest and run of those keys that exist. */
    private Map<String, String[]> existing(String dataset, List<String> keys) {
        Map<String, String[]> found = new LinkedHashMap<>();
        lookup(dataset, keys, "content_hash, run_id", rs -> found.put(rs.getString(1), new String[]{rs.getString(2), String.valueOf(rs.getLong(3))}));
        return found;
    }

    /** One row of a lookup: the key first, then the columns asked for. */
    private interface Found {
        void row(java.sql.ResultSet rs) throws java.sql.SQLException;
    }

    /**
     * The records of those keys that exist, {@code columns} after the key. PostgreSQL answers {@code = any(array)} from
     * the primary key in one statement; H2 scans the dataset for an IN list on the key's second column, so there one
     * indexed lookup per key (in process, no round trip) is what keeps a load — and a checkpoint's lookup — linear.
     */
    private void lookup(String dataset, java.util.Collection<String> keys, String columns, Found found) {
        jdbc.execute((java.sql.Connection c) -> {
            if (postgres(c)) {
                try (java.sql.PreparedStatement ps = c.prepareStatement(
                        "select record_key, " + columns + " from hub_record where dataset_id = ? and record_key = any(?)")) {
                    ps.setString(1, dataset);
                    ps.setArray(2, c.createArrayOf("varchar", keys.toArray()));
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.row(rs);
                        }
                    }
                }
                return null;
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("select record_key, " + columns + " from hub_record where dataset_id = ? and record_key = ?")) {
                ps.setString(1, dataset);
                for (String key : keys) {
                    ps.setString(2, key);
                    try (var rs = ps.executeQuery()) {
                        if (rs.next()) {
                            found.row(rs);
                        }
                    }
                }
            }
            return null;
        });
    }

    private Boolean postgres;


    private boolean postgres(java.sql.Connection c) throws java.sql.SQLException {
        if (postgres == null) {
            postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        }
        return postgres;
    }

    /** The records of a dataset by key. */
    @Override
    public Map<String, org.citybrain.datahub.HubDatasets.HubRecord> byKeys(String dataset, java.util.Collection<String> keys) {
        Map<String, org.citybrain.datahub.HubDatasets.HubRecord> found = new java.util.HashMap<>();
        lookup(dataset, keys.stream().filter(java.util.Objects::nonNull).distinct().toList(), "data, loaded_at", rs -> found.put(rs.getString(1),
                new org.citybrain.datahub.HubDatasets.HubRecord(rs.getString(1), json.readTree(rs.getString(2)), rs.getTimestamp(3).toInstant())));
        return found;
    }

    @Override
    public java.util.Optional<java.time.Instant> lastLoaded(String dataset) {
        // each source keeps when a run of it last loaded (the silent-source alert reads it too): one row per source
        java.sql.Timestamp at = jdbc.queryForObject("select max(last_success_at) from hub_source where dataset_id = ?", java.sql.Timestamp.class, dataset);
        return java.util.Optional.ofNullable(at).map(java.sql.Timestamp::toInstant);
    }

    long count(String dataset) {
        return jdbc.queryForObject("select count(*) from hub_record where dataset_id = ?", Long.class, dataset);
    }

    /** Values as JSON: dates and times in ISO 8601, points as GeoJSON positions. */
    ObjectNode asJson(Map<String, Object> values) {
        ObjectNode node = json.createObjectNode();
        values.forEach((k, v) -> {
            switch (v) {
                case String s -> node.put(k, s);
                case Long l -> node.put(k, l);
                case Double d -> node.put(k, d);
                case Boolean b -> node.put(k, b);
                case LocalDate d -> node.put(k, d.toString());
                case Instant i -> node.put(k, i.toString());
                case double[] p -> node.putArray(k).add(round(p[0])).add(round(p[1]));
                case GeoJsonGeometry g -> node.set(k, g.geojson());
                default -> node.set(k, (JsonNode) json.valueToTree(v));
            }
        });
        return node;
    }

    private static double round(double degrees) {
        return Math.round(degrees * 1e7) / 1e7; // 1 cm: more digits are noise from the datum conversion
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
