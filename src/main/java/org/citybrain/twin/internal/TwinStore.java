package org.citybrain.twin.internal;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.citybrain.twin.NgsiLdError;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Entities in three tables: {@code twin_entity} (the document, its first type, the bounding box of its location),
 * {@code twin_property} (an index of attribute values, one row per scalar, for queries at a million entities) and
 * {@code twin_history} (every attribute instance ever written, for the temporal API). Written in SQL that H2 and
 * PostgreSQL share.
 */
@Repository
class TwinStore {

    record Stored(ObjectNode doc, Instant createdAt, Instant modifiedAt) {

        String id() {
            return doc.get("id").asString();
        }
    }

    /** A query; null fields do not filter. {@code qExpr} is evaluated on every candidate unless {@code qInSql}. */
    record Query(List<String> types, List<String> ids, Pattern idPattern, List<String> attrs, QueryLanguage.Expr q,
                 java.util.function.Function<String, String> expand, GeoQuery geo, int offset, int limit, boolean count) {

        Query(List<String> types, List<String> ids, Pattern idPattern, List<String> attrs, QueryLanguage.Expr q,
              java.util.function.Function<String, String> expand, GeoQuery geo, int offset, int limit) {
            this(types, ids, idPattern, attrs, q, expand, geo, offset, limit, true);
        }
    }

    /** A page of entities; {@code total} is -1 when the count was not asked for. */
    record Page(List<Stored> entities, long total, boolean more) {

        Page(List<Stored> entities, long total) {
            this(entities, total, false);
        }
    }

    static final int MAX_CANDIDATES = 100_000;
    // Explicit types: without them the JDBC template asks the driver for parameter metadata on every null (a round trip on PostgreSQL).
    private static final int[] PROPERTY_TYPES = {java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.DOUBLE,
            java.sql.Types.VARCHAR};
    private static final int[] HISTORY_TYPES = {java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.TIMESTAMP,
            java.sql.Types.VARCHAR};

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final boolean postgis;
    /** Per tenant, the largest latitude extent of any stored location: how far below a search box a shape may start. */
    private final Map<String, Double> latitudeExtent = new java.util.concurrent.ConcurrentHashMap<>();

    private final org.springframework.transaction.support.TransactionTemplate separately;

    TwinStore(JdbcTemplate jdbc, JsonMapper json, org.springframework.transaction.PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.separately = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.postgis = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")));
    }

    /** Per tenant, whether any entity has more than one type (only then must type queries look beyond the first). */
    private final Map<String, Boolean> multiTyped = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean multiTyped(String tenant) {
        return multiTyped.computeIfAbsent(tenant, t -> {
            Integer n = jdbc.queryForObject("select count(*) from twin_entity where tenant = ? and extra_types is not null", Integer.class, t);
            return n != null && n > 0;
        });
    }

    private double latitudeExtent(String tenant) {
        return latitudeExtent.computeIfAbsent(tenant, t -> {
            Double ext = jdbc.queryForObject("select max(max_lat - min_lat) from twin_entity where tenant = ?", Double.class, t);
            return ext == null ? 0.0 : ext;
        });
    }

    /** Tenants seen to exist; tenants are never removed, so a positive answer can be remembered. */
    private final java.util.Set<String> knownTenants = java.util.concurrent.ConcurrentHashMap.newKeySet();

    boolean tenantExists(String tenant) {
        if (knownTenants.contains(tenant)) {
            return true;
        }
        Integer n = jdbc.queryForObject("select count(*) from twin_tenant where name = ?", Integer.class, tenant);
        if (n != null && n > 0) {
            knownTenants.add(tenant);
            return true;
        }
        return false;
    }

    void ensureTenant(String tenant) {
        if (!tenantExists(tenant)) {
            // In a transaction of its own: when two requests race to create the tenant, the loser's failed insert must
            // not abort the caller's transaction (PostgreSQL refuses every later statement of an aborted one).
            try {
                separately.executeWithoutResult(status ->
                        jdbc.update("insert into twin_tenant(name, created_at) values (?, ?)", tenant, Timestamp.from(Instant.now())));
            } catch (DuplicateKeyException raced) {
                // another request created it first: fine
            }
        }
    }

    Optional<Stored> find(String tenant, String id, boolean forUpdate) {
        return jdbc.query("select doc, created_at, modified_at from twin_entity where tenant = ? and id = ?" + (forUpdate ? " for update" : ""),
                row(), tenant, id).stream().findFirst();
    }

    void insert(String tenant, List<ObjectNode> docs, Instant now) {
        // Columns once per document: computing them parses the location geometry and serialises the document.
        List<Object[]> rows = new ArrayList<>(docs.size());
        for (ObjectNode d : docs) {
            rows.add(columns(tenant, d));
        }
        jdbc.batchUpdate("""
                insert into twin_entity(tenant, id, type, extra_types, doc, lon, lat, min_lon, min_lat, max_lon, max_lat, created_at, modified_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows, 1000, (PreparedStatement ps, Object[] v) -> {
            ps.setString(1, tenant);
            ps.setString(2, (String) v[v.length - 1]);
            for (int i = 0; i < v.length - 1; i++) {
                bind(ps, i + 3, v, i);
            }
            ps.setTimestamp(12, Timestamp.from(now));
            ps.setTimestamp(13, Timestamp.from(now));
        });
        List<Object[]> props = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        for (ObjectNode d : docs) {
            indexRows(tenant, d, props);
            historyRows(tenant, d, d.propertyNames(), now, history);
        }
        jdbc.batchUpdate("insert into twin_property(tenant, entity_id, name, num_value, str_value) values (?, ?, ?, ?, ?)", props, PROPERTY_TYPES);
        jdbc.batchUpdate("insert into twin_history(tenant, entity_id, name, observed_at, instance) values (?, ?, ?, ?, ?)", history, HISTORY_TYPES);
    }

    /** Writes a changed document, rewriting its whole value index; {@code changed} attributes get a history row. */
    void replace(String tenant, ObjectNode doc, java.util.Collection<String> changed, Instant now) {
        updateEntityRow(tenant, doc, now);
        String id = doc.get("id").asString();
        jdbc.update("delete from twin_property where tenant = ? and entity_id = ?", tenant, id);
        List<Object[]> props = new ArrayList<>();
        indexRows(tenant, doc, props);
        jdbc.batchUpdate("insert into twin_property(tenant, entity_id, name, num_value, str_value) values (?, ?, ?, ?, ?)", props, PROPERTY_TYPES);
        List<Object[]> history = new ArrayList<>();
        historyRows(tenant, doc, changed, now, history);
        jdbc.batchUpdate("insert into twin_history(tenant, entity_id, name, observed_at, instance) values (?, ?, ?, ?, ?)", history, HISTORY_TYPES);
    }

    /**
     * Writes a document of which only some attributes changed: the value index is rewritten for those attributes
     * alone (an attribute update is then a handful of statements, not a rewrite of every index row).
     */
    void replaceAttributes(String tenant, ObjectNode doc, java.util.Collection<String> touched, java.util.Collection<String> historyFor, Instant now) {
        String id = doc.get("id").asString();
        updateEntityRow(tenant, doc, now);
        jdbc.batchUpdate("delete from twin_property where tenant = ? and entity_id = ? and name = ?",
                touched.stream().map(name -> new Object[] {tenant, id, name}).toList());
        List<Object[]> props = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>(touched);
        indexRows(tenant, doc, props, names::contains);
        jdbc.batchUpdate("insert into twin_property(tenant, entity_id, name, num_value, str_value) values (?, ?, ?, ?, ?)", props, PROPERTY_TYPES);
        List<Object[]> history = new ArrayList<>();
        historyRows(tenant, doc, historyFor, now, history);
        jdbc.batchUpdate("insert into twin_history(tenant, entity_id, name, observed_at, instance) values (?, ?, ?, ?, ?)", history, HISTORY_TYPES);
    }

    boolean delete(String tenant, String id) {
        jdbc.update("delete from twin_property where tenant = ? and entity_id = ?", tenant, id);
        jdbc.update("delete from twin_history where tenant = ? and entity_id = ?", tenant, id);
        return jdbc.update("delete from twin_entity where tenant = ? and id = ?", tenant, id) > 0;
    }

    /**
     * Which of these ids exist: one primary-key lookup per id on one prepared statement. (H2 answers a long
     * {@code id in (...)} list with a scan; single lookups use the primary key on both databases.)
     */
    java.util.Set<String> existing(String tenant, List<String> ids) {
        java.util.Set<String> found = new java.util.HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.execute((java.sql.Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("select 1 from twin_entity where tenant = ? and id = ?")) {
                ps.setString(1, tenant);
                for (String id : ids) {
                    ps.setString(2, id);
                    try (var rs = ps.executeQuery()) {
                        if (rs.next()) {
                            found.add(id);
                        }
                    }
                }
            }
            return null;
        });
        return found;
    }

    long count(String tenant) {
        Long n = jdbc.queryForObject("select count(*) from twin_entity where tenant = ?", Long.class, tenant);
        return n == null ? 0 : n;
    }

    Page query(String tenant, Query query) {
        StringBuilder where = new StringBuilder(" where e.tenant = ?");
        List<Object> args = new ArrayList<>(List.of(tenant));
        if (query.types() != null) {
            where.append(" and (e.type in (").append(marks(query.types().size())).append(")");
            args.addAll(query.types());
            if (multiTyped(tenant)) {
                for (String t : query.types()) {
                    where.append(" or e.extra_types like ?");
                    args.add("% " + t + " %");
                }
            }
            where.append(")");
        }
        if (query.ids() != null) {
            where.append(" and e.id in (").append(marks(query.ids().size())).append(")");
            args.addAll(query.ids());
        }
        if (query.attrs() != null) {
            where.append(" and exists (select 1 from twin_property p where p.tenant = e.tenant and p.entity_id = e.id and p.name in (")
                    .append(marks(query.attrs().size())).append("))");
            args.addAll(query.attrs());
        }
        boolean javaFilter = query.idPattern() != null;
        String from = " from twin_entity e";
        String order = " order by e.id";
        List<Object> fromArgs = new ArrayList<>();
        if (query.q() != null) {
            PushDown pushed = pushDown(tenant, query.q(), query.expand());
            javaFilter |= !pushed.complete();
            Pushed driver = pushed.parts().stream().filter(Pushed::equality).findFirst().orElse(null);
            for (Pushed p : pushed.parts()) {
                if (p == driver) {
                    // An equality drives the query from the value index, already in entity-id order: a page stops early.
                    from = " from twin_property d join twin_entity e on e.tenant = d.tenant and e.id = d.entity_id and "
                            + p.predicate().replace("p.", "d.");
                    order = " order by d.entity_id";
                    fromArgs.addAll(p.args());
                } else {
                    where.append(" and e.id in (select p.entity_id from twin_property p where ").append(p.predicate()).append(")");
                    args.addAll(p.args());
                }
            }
        }
        if (query.geo() != null) {
            javaFilter = true;
            Envelope box = query.geo().searchBox();
            if (box != null && query.geo().geoproperty().equals("location")) {
                if (postgis) {
                    where.append(" and e.bbox && ST_MakeEnvelope(?, ?, ?, ?, 4326)");
                    args.addAll(List.of(box.getMinX(), box.getMinY(), box.getMaxX(), box.getMaxY()));
                } else {
                    // A location overlapping the box starts at most the tenant's largest extent below it: a narrow index range.
                    where.append(" and e.min_lat between ? and ? and e.max_lat >= ? and e.min_lon <= ? and e.max_lon >= ?");
                    args.addAll(List.of(box.getMinY() - latitudeExtent(tenant), box.getMaxY(), box.getMinY(), box.getMaxX(), box.getMinX()));
                }
            }
        }
        List<Object> all = new ArrayList<>(fromArgs);
        all.addAll(args);
        args = all;
        String select = "select e.doc, e.created_at, e.modified_at" + from + where + order;
        if (!javaFilter) {
            Long total = query.count() ? jdbc.queryForObject("select count(*)" + from + where, Long.class, args.toArray()) : Long.valueOf(-1);
            List<Stored> page = query.limit() == 0 ? List.of()
                    : jdbc.query(select + " offset " + query.offset() + " rows fetch next " + (query.limit() + 1) + " rows only", row(), args.toArray());
            boolean more = page.size() > query.limit();
            return new Page(more ? page.subList(0, query.limit()) : page, total == null ? 0 : total, more);
        }
        List<Stored> candidates = jdbc.query(select + " fetch first " + (MAX_CANDIDATES + 1) + " rows only", row(), args.toArray());
        if (candidates.size() > MAX_CANDIDATES) {
            throw new NgsiLdError(NgsiLdError.Type.TooManyResults, "the query selects more than " + MAX_CANDIDATES
                    + " candidates before its pattern, q or geo filter; narrow it by type or area");
        }
        List<Stored> matches = candidates.stream().filter(s -> matches(s.doc(), query)).toList();
        int first = Math.min(query.offset(), matches.size());
        int to = Math.min(first + query.limit(), matches.size());
        return new Page(matches.subList(first, to), matches.size(), to < matches.size());
    }

    private boolean matches(ObjectNode doc, Query query) {
        if (query.idPattern() != null && !query.idPattern().matcher(doc.get("id").asString()).matches()) {
            return false;
        }
        if (query.q() != null && !query.q().matches(doc, query.expand())) {
            return false;
        }
        if (query.geo() != null) {
            JsonNode geo = doc.get(query.expand().apply(query.geo().geoproperty()));
            if (geo == null || !"GeoProperty".equals(geo.path("type").asString())) {
                return false;
            }
            return query.geo().matches(EntityDocuments.geometry("geoproperty", geo.get("value")));
        }
        return true;
    }

    /** A condition answered from the value index: the predicate on {@code p} (twin_property) and its arguments. */
    record Pushed(String predicate, List<Object> args, boolean equality) {
    }

    /** The parts of q that the value index can answer; {@code complete} tells whether that is all of q. */
    private record PushDown(List<Pushed> parts, boolean complete) {
    }

    private PushDown pushDown(String tenant, QueryLanguage.Expr q, java.util.function.Function<String, String> expand) {
        List<QueryLanguage.Comparison> parts = new ArrayList<>();
        if (q instanceof QueryLanguage.Comparison c) {
            parts.add(c);
        } else if (q instanceof QueryLanguage.And and && and.parts().stream().allMatch(p -> p instanceof QueryLanguage.Comparison)) {
            and.parts().forEach(p -> parts.add((QueryLanguage.Comparison) p));
        } else {
            return new PushDown(List.of(), false);
        }
        List<Pushed> pushed = new ArrayList<>();
        boolean complete = true;
        for (QueryLanguage.Comparison c : parts) {
            Pushed p = condition(tenant, c, expand);
            if (p == null) {
                complete = false; // this part is left to Java; the others still narrow the candidates
            } else {
                pushed.add(p);
            }
        }
        return new PushDown(pushed, complete);
    }

    private static Pushed condition(String tenant, QueryLanguage.Comparison c, java.util.function.Function<String, String> expand) {
        if (c.attributePath().size() != 1 || !c.valuePath().isEmpty()) {
            return null;
        }
        String name = expand.apply(c.attributePath().getFirst());
        String base = "p.tenant = ? and p.name = ?";
        if (c.op() == null) {
            return new Pushed(base, List.of(tenant, name), false);
        }
        if (c.rangeFrom() != null) {
            if (!c.op().equals("==") || !c.rangeFrom().isNumber() || !c.rangeTo().isNumber()) {
                return null;
            }
            return new Pushed(base + " and p.num_value between ? and ?", List.of(tenant, name, c.rangeFrom().number(), c.rangeTo().number()), false);
        }
        if (c.values().size() != 1 || c.op().equals("!=") || c.op().contains("~")) {
            return null;
        }
        QueryLanguage.Literal v = c.values().getFirst();
        if (v.isNumber()) {
            return new Pushed(base + " and p.num_value " + c.op().replace("==", "=") + " ?", List.of(tenant, name, v.number()), c.op().equals("=="));
        }
        if (c.op().equals("==") && !(!v.quoted() && v.text().length() >= 20 && v.text().charAt(10) == 'T')) {
            return new Pushed(base + " and p.str_value = ?", List.of(tenant, name, v.text()), true);
        }
        return null;
    }

    /** Distinct types with their entity counts and attribute names. */
    Map<String, Map<String, Object>> types(String tenant) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        jdbc.query("select type, count(*) from twin_entity where tenant = ? group by type order by type", rs -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("count", rs.getLong(2));
            result.put(rs.getString(1), info);
        }, tenant);
        for (var e : result.entrySet()) {
            e.getValue().put("attributes", jdbc.queryForList("""
                    select distinct p.name from twin_property p join twin_entity e on e.tenant = p.tenant and e.id = p.entity_id
                    where e.tenant = ? and e.type = ? order by p.name""", String.class, tenant, e.getKey()));
        }
        return result;
    }

    /** Distinct attribute names with their counts and the types that carry them. */
    Map<String, Map<String, Object>> attributes(String tenant) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        jdbc.query("""
                select p.name, e.type, count(distinct p.entity_id) from twin_property p join twin_entity e on e.tenant = p.tenant and e.id = p.entity_id
                where p.tenant = ? group by p.name, e.type order by p.name, e.type""", rs -> {
            Map<String, Object> info = result.computeIfAbsent(rs.getString(1), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("count", 0L);
                m.put("types", new ArrayList<String>());
                return m;
            });
            info.put("count", (Long) info.get("count") + rs.getLong(3));
            @SuppressWarnings("unchecked")
            List<String> types = (List<String>) info.get("types");
            types.add(rs.getString(2));
        }, tenant);
        return result;
    }

    record Instance(String name, Instant observedAt, ObjectNode instance) {
    }

    void appendHistory(String tenant, String id, List<Instance> instances) {
        jdbc.batchUpdate("insert into twin_history(tenant, entity_id, name, observed_at, instance) values (?, ?, ?, ?, ?)",
                instances.stream().map(i -> new Object[] {tenant, id, i.name(), Timestamp.from(i.observedAt()), json.writeValueAsString(i.instance())}).toList(),
                HISTORY_TYPES);
    }

    List<Instance> history(String tenant, String id, List<String> attrs, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("select name, observed_at, instance from twin_history where tenant = ? and entity_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenant, id));
        if (attrs != null) {
            sql.append(" and name in (").append(marks(attrs.size())).append(")");
            args.addAll(attrs);
        }
        if (from != null) {
            sql.append(" and observed_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and observed_at < ?");
            args.add(Timestamp.from(to));
        }
        sql.append(" order by name, observed_at, id");
        return jdbc.query(sql.toString(), (rs, n) -> new Instance(rs.getString(1), rs.getTimestamp(2).toInstant(),
                (ObjectNode) json.readTree(rs.getString(3))), args.toArray());
    }

    private void updateEntityRow(String tenant, ObjectNode doc, Instant now) {
        Object[] v = columns(tenant, doc);
        jdbc.update("""
                update twin_entity set type = ?, extra_types = ?, doc = ?, lon = ?, lat = ?, min_lon = ?, min_lat = ?, max_lon = ?, max_lat = ?,
                modified_at = ? where tenant = ? and id = ?""", ps -> {
            for (int i = 0; i < v.length - 1; i++) {
                bind(ps, i + 1, v, i);
            }
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setString(11, tenant);
            ps.setString(12, (String) v[v.length - 1]);
        });
    }

    /** The entity's columns (see {@link #entityColumns}) followed by its id, noting its shape and types for later queries. */
    private Object[] columns(String tenant, ObjectNode doc) {
        Object[] v = entityColumns(doc);
        if (v[6] instanceof Double lo && v[8] instanceof Double hi) {
            latitudeExtent.computeIfPresent(tenant, (t, ext) -> Math.max(ext, hi - lo));
        }
        if (v[1] != null) {
            multiTyped.put(tenant, true);
        }
        Object[] withId = java.util.Arrays.copyOf(v, v.length + 1);
        withId[v.length] = doc.get("id").asString();
        return withId;
    }

    private static void bind(PreparedStatement ps, int index, Object[] values, int i) throws java.sql.SQLException {
        if (values[i] == null) {
            ps.setNull(index, i < 3 ? java.sql.Types.VARCHAR : java.sql.Types.DOUBLE);
        } else {
            ps.setObject(index, values[i]);
        }
    }

    /** type, extra_types, doc, lon, lat, min_lon, min_lat, max_lon, max_lat. */
    private Object[] entityColumns(ObjectNode d) {
        JsonNode types = d.get("type");
        StringBuilder extra = new StringBuilder();
        for (int i = 1; i < types.size(); i++) {
            extra.append(' ').append(types.get(i).asString());
        }
        Double lon = null, lat = null, minLon = null, minLat = null, maxLon = null, maxLat = null;
        JsonNode location = d.get("location");
        if (location != null && "GeoProperty".equals(location.path("type").asString())) {
            Geometry g = EntityDocuments.geometry("location", location.get("value"));
            Envelope env = g.getEnvelopeInternal();
            var centre = g.getCentroid().getCoordinate();
            lon = centre.x;
            lat = centre.y;
            minLon = env.getMinX();
            minLat = env.getMinY();
            maxLon = env.getMaxX();
            maxLat = env.getMaxY();
        }
        return new Object[] {types.get(0).asString(), extra.isEmpty() ? null : extra + " ", json.writeValueAsString(d), lon, lat, minLon, minLat,
                maxLon, maxLat};
    }

    private void indexRows(String tenant, ObjectNode doc, List<Object[]> rows) {
        indexRows(tenant, doc, rows, name -> true);
    }

    private void indexRows(String tenant, ObjectNode doc, List<Object[]> rows, java.util.function.Predicate<String> include) {
        String id = doc.get("id").asString();
        for (var e : doc.properties()) {
            if (e.getKey().equals("id") || e.getKey().equals("type") || !include.test(e.getKey())) {
                continue;
            }
            JsonNode value = EntityDocuments.simplified(e.getValue());
            int before = rows.size();
            if (value != null && value.isArray()) {
                // One row per distinct element: a query driven from this index then meets each entity once.
                java.util.Set<JsonNode> seen = new java.util.HashSet<>();
                for (JsonNode element : value) {
                    if (seen.add(element)) {
                        scalarRow(tenant, id, e.getKey(), element, rows);
                    }
                }
            } else if (value != null) {
                scalarRow(tenant, id, e.getKey(), value, rows);
            }
            if (rows.size() == before) {
                rows.add(new Object[] {tenant, id, e.getKey(), null, null});
            }
        }
    }

    private static void scalarRow(String tenant, String id, String name, JsonNode v, List<Object[]> rows) {
        if (v.isNumber()) {
            rows.add(new Object[] {tenant, id, name, v.doubleValue(), null});
        } else if (v.isString() && v.asString().length() <= 512) {
            rows.add(new Object[] {tenant, id, name, null, v.asString()});
        } else if (v.isBoolean()) {
            rows.add(new Object[] {tenant, id, name, null, Boolean.toString(v.booleanValue())});
        }
    }

    private void historyRows(String tenant, ObjectNode doc, java.util.Collection<String> names, Instant now, List<Object[]> rows) {
        String id = doc.get("id").asString();
        for (String name : names) {
            JsonNode attr = doc.get(name);
            if (name.equals("id") || name.equals("type") || attr == null || !attr.isObject()) {
                continue;
            }
            JsonNode observed = attr.get("observedAt");
            Instant at = observed != null ? EntityDocuments.instant(name, observed.asString()).toInstant() : now;
            rows.add(new Object[] {tenant, id, name, Timestamp.from(at), json.writeValueAsString(attr)});
        }
    }

    private RowMapper<Stored> row() {
        return (rs, n) -> new Stored((ObjectNode) json.readTree(rs.getString(1)), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant());
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
