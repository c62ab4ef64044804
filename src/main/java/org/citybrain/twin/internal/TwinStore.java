package org.citybrain.twin.internal;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.google.re2j.Pattern;

import org.citybrain.twin.NgsiLdError;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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
                 java.util.function.Function<String, String> expand, GeoQuery geo, int offset, int limit, boolean count, EntityOrder order) {

        Query(List<String> types, List<String> ids, Pattern idPattern, List<String> attrs, QueryLanguage.Expr q,
              java.util.function.Function<String, String> expand, GeoQuery geo, int offset, int limit, boolean count) {
            this(types, ids, idPattern, attrs, q, expand, geo, offset, limit, count, null);
        }

        Query(List<String> types, List<String> ids, Pattern idPattern, List<String> attrs, QueryLanguage.Expr q,
              java.util.function.Function<String, String> expand, GeoQuery geo, int offset, int limit) {
            this(types, ids, idPattern, attrs, q, expand, geo, offset, limit, true);
        }

        /** The same selection, also restricted by a scope query ({@code scopeQ}; null: unchanged). */
        Query withScope(String scopeQ) {
            if (scopeQ == null) {
                return this;
            }
            QueryLanguage.ScopeQuery scope = QueryLanguage.ScopeQuery.parse(scopeQ);
            List<QueryLanguage.Expr> parts = new ArrayList<>();
            if (q instanceof QueryLanguage.And and) {
                parts.addAll(and.parts());
            } else if (q != null) {
                parts.add(q);
            }
            parts.add(scope);
            return new Query(types, ids, idPattern, attrs, new QueryLanguage.And(parts), expand, geo, offset, limit, count, order);
        }

        /** The same selection in this order ({@code orderBy}; null: by id). */
        Query withOrder(EntityOrder order) {
            return new Query(types, ids, idPattern, attrs, q, expand, geo, offset, limit, count, order);
        }

        /** The same selection with the string values compared with these attributes expanded ({@code expandValues}). */
        Query withValuesExpanded(java.util.Set<String> names) {
            if (names == null || q == null) {
                return this;
            }
            return new Query(types, ids, idPattern, attrs, QueryLanguage.expandValues(q, names, expand), expand, geo, offset, limit, count, order);
        }

        /** The same selection without its q (the temporal query tests q against the history instead). */
        Query withoutQ() {
            return new Query(types, ids, idPattern, attrs, null, expand, geo, offset, limit, count, order);
        }

        /** The same selection, from its first entity, at most {@code size} of them, without a count. */
        Query firstPage(int size) {
            return page(0, size);
        }

        /** The same selection, from {@code offset}, at most {@code size} entities, without a count. */
        Query page(int offset, int size) {
            return new Query(types, ids, idPattern, attrs, q, expand, geo, offset, size, false, order);
        }

        /** The same selection restricted to the entities that hold one of these (expanded) attributes. */
        Query holding(List<String> expandedAttrs) {
            return new Query(types, ids, idPattern, expandedAttrs, q, expand, geo, offset, limit, count, order);
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
    /** The same database, fetching rows in slices so that a scan can stop early without reading every candidate. */
    private final JdbcTemplate streaming;
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
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(256);
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
        analyzeWhenGrown(docs.size());
    }

    /** Entities this node inserted since it started, and the count at which the tables are next analysed. */
    private final java.util.concurrent.atomic.AtomicLong inserted = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong analyzeAt = new java.util.concurrent.atomic.AtomicLong(1_000);

    /**
     * On PostgreSQL, refreshes the planner's statistics each time this node has doubled the entities it inserted.
     * During a bulk load autovacuum lags behind: plans made when the tables were small (a prepared statement keeps
     * its plan) scanned every entity of the tenant to check 500 ids, 400-700 ms instead of 2 ms, at 300,000 entities.
     * ANALYZE samples a fixed number of rows (a few hundred ms at a million) and makes cached plans be re-planned.
     */
    private void analyzeWhenGrown(int added) {
        long now = inserted.addAndGet(added);
        long at = analyzeAt.get();
        if (postgis && now >= at && analyzeAt.compareAndSet(at, Math.max(at, now) * 2)) {
            jdbc.execute("analyze twin_entity, twin_property");
        }
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
        if (postgis) {
            // PostgreSQL answers "= any(array)" from the primary key in one statement; a lookup per id cost a round
            // trip each and was, in a thread dump of the upsert benchmark, the busiest database backend. (Its plan
            // relies on fresh statistics: see analyzeWhenGrown.)
            jdbc.execute((java.sql.Connection c) -> {
                try (PreparedStatement ps = c.prepareStatement("select id from twin_entity where tenant = ? and id = any(?)")) {
                    ps.setString(1, tenant);
                    ps.setArray(2, c.createArrayOf("varchar", ids.toArray()));
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getString(1));
                        }
                    }
                }
                return null;
            });
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
        // An order other than by id is applied to all the matches, so they are all read first (at most MAX_CANDIDATES).
        boolean javaFilter = query.idPattern() != null || query.order() != null;
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
                } else if (postgis && driver != null) {
                    // Checked per candidate of the driving index, which is walked in id order so that a page stops early.
                    // "offset 0" keeps PostgreSQL from turning the check into a join: with fresh statistics it hashed
                    // all 100,000 "broken" sensors to return 20 (100 ms instead of 5 ms at a million entities).
                    where.append(" and exists (select 1 from twin_property p where p.entity_id = e.id and ").append(p.predicate())
                            .append(" offset 0)");
                    args.addAll(p.args());
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
        if (postgis) {
            // Custom plans only: a prepared statement's generic plan cannot see how selective each value is and, at a
            // million entities, hashed all 100,000 "broken" sensors to return 20 (98 ms instead of 3 ms).
            jdbc.execute("set local plan_cache_mode = force_custom_plan");
        }
        String select = "select e.doc, e.created_at, e.modified_at, e.lon, e.lat, e.min_lon, e.min_lat, e.max_lon, e.max_lat" + from + where + order;
        if (!javaFilter) {
            Long total = query.count() ? jdbc.queryForObject("select count(*)" + from + where, Long.class, args.toArray()) : Long.valueOf(-1);
            List<Stored> page = query.limit() == 0 ? List.of()
                    : jdbc.query(select + " offset " + query.offset() + " rows fetch next " + (query.limit() + 1) + " rows only", row(), args.toArray());
            boolean more = page.size() > query.limit();
            return new Page(more ? page.subList(0, query.limit()) : page, total == null ? 0 : total, more);
        }
        // Candidates are streamed in id order and tested one by one; without a count the scan stops as soon as the
        // page and one more match are found. A point location is tested from its columns before its document is
        // parsed (most candidates of a "near" query are in the search box but outside the circle).
        int wanted = query.count() || query.order() != null ? Integer.MAX_VALUE : query.offset() + query.limit() + 1;
        List<Stored> matches = new ArrayList<>();
        streaming.query(select + " fetch first " + (MAX_CANDIDATES + 1) + " rows only", (java.sql.ResultSet rs) -> {
            int candidates = 0;
            while (matches.size() < wanted && rs.next()) {
                if (++candidates > MAX_CANDIDATES) {
                    throw new NgsiLdError(NgsiLdError.Type.TooManyResults, "the query selects more than " + MAX_CANDIDATES
                            + " candidates before its pattern, q or geo filter; narrow it by type or area");
                }
                if (query.geo() != null && !possiblyNear(rs, query.geo())) {
                    continue;
                }
                Stored s = row().mapRow(rs, candidates);
                if (matches(s.doc(), query)) {
                    matches.add(s);
                }
            }
            return null;
        }, args.toArray());
        if (query.order() != null) {
            query.order().sort(matches);
        }
        int first = Math.min(query.offset(), matches.size());
        int to = Math.min(first + query.limit(), matches.size());
        return new Page(matches.subList(first, to), query.count() ? matches.size() : -1, to < matches.size());
    }

    /** False only when the candidate's location is a point (from its columns) that the geo-query rejects. */
    private static boolean possiblyNear(java.sql.ResultSet rs, GeoQuery geo) throws java.sql.SQLException {
        if (!geo.geoproperty().equals("location")) {
            return true;
        }
        double minLon = rs.getDouble(6);
        if (rs.wasNull()) {
            return true;
        }
        if (minLon != rs.getDouble(8) || rs.getDouble(7) != rs.getDouble(9)) {
            return true; // not a point: the document decides
        }
        return geo.matches(POINTS.createPoint(new org.locationtech.jts.geom.Coordinate(rs.getDouble(4), rs.getDouble(5))));
    }

    private static final org.locationtech.jts.geom.GeometryFactory POINTS = new org.locationtech.jts.geom.GeometryFactory();

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
        } else if (q instanceof QueryLanguage.And and
                && and.parts().stream().allMatch(p -> p instanceof QueryLanguage.Comparison || p instanceof QueryLanguage.ScopeQuery)) {
            and.parts().stream().filter(p -> p instanceof QueryLanguage.Comparison).forEach(p -> parts.add((QueryLanguage.Comparison) p));
        } else {
            return new PushDown(List.of(), false);
        }
        List<Pushed> pushed = new ArrayList<>();
        // a scope query is answered per candidate, in Java; the comparisons beside it still narrow the candidates
        boolean complete = !(q instanceof QueryLanguage.And and && and.parts().stream().anyMatch(p -> p instanceof QueryLanguage.ScopeQuery));
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

    /** For each attribute that entities of the type carry, its kinds (Property, Relationship, GeoProperty, ...). */
    Map<String, java.util.Set<String>> attributeKinds(String tenant, String type) {
        Map<String, java.util.Set<String>> kinds = new java.util.TreeMap<>();
        jdbc.query("select doc from twin_entity where tenant = ? and type = ?", rs -> {
            json.readTree(rs.getString(1)).properties().forEach(e -> {
                for (ObjectNode instance : EntityDocuments.isAttribute(e.getKey()) ? MultiAttribute.instances(e.getValue()) : List.<ObjectNode>of()) {
                    if (instance.has("type")) {
                        kinds.computeIfAbsent(e.getKey(), k -> new java.util.TreeSet<>()).add(instance.get("type").asString());
                    }
                }
            });
        }, tenant, type);
        return kinds;
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

    /**
     * One instance of an attribute in the history; {@code row} is the history row that holds it (0 for one not yet
     * stored), which with the attribute's name identifies it: its {@code instanceId} is {@link #instanceId()}.
     */
    record Instance(String name, Instant observedAt, ObjectNode instance, long row) {

        Instance(String name, Instant observedAt, ObjectNode instance) {
            this(name, observedAt, instance, 0);
        }

        static final String INSTANCE_ID_PREFIX = "urn:ngsi-ld:attribute-instance:";

        String instanceId() {
            return INSTANCE_ID_PREFIX + row;
        }

        /** The history row an instanceId names, or -1 when it names none of ours. */
        static long rowOf(String instanceId) {
            if (instanceId == null || !instanceId.startsWith(INSTANCE_ID_PREFIX)) {
                return -1;
            }
            try {
                return Long.parseLong(instanceId.substring(INSTANCE_ID_PREFIX.length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /**
     * Changes one instance of an attribute's history (GS CIM 009 5.6.14–5.6.15): {@code change} gets the instance as
     * stored and gives its new content, or null to delete it. The instance is in its own row or is a member of a row
     * of attributes written together. Whether it existed.
     */
    boolean changeInstance(String tenant, String id, String name, long row, java.util.function.UnaryOperator<ObjectNode> change) {
        List<String[]> found = jdbc.query("select name, instance from twin_history where id = ? and tenant = ? and entity_id = ? and name in (?, ?)",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, row, tenant, id, name, TOGETHER);
        if (found.isEmpty()) {
            return false;
        }
        ObjectNode stored = (ObjectNode) json.readTree(found.getFirst()[1]);
        if (found.getFirst()[0].equals(name)) {
            ObjectNode replacement = change.apply(stored);
            if (replacement == null) {
                jdbc.update("delete from twin_history where id = ?", row);
            } else {
                jdbc.update("update twin_history set instance = ?, observed_at = ? where id = ?", json.writeValueAsString(replacement),
                        Timestamp.from(observedAt(name, replacement, Instant.now())), row);
            }
            return true;
        }
        if (!(stored.get(name) instanceof ObjectNode member)) {
            return false;
        }
        ObjectNode replacement = change.apply(member);
        if (replacement == null) {
            stored.remove(name);
        } else {
            stored.set(name, replacement);
        }
        if (stored.isEmpty()) {
            jdbc.update("delete from twin_history where id = ?", row);
        } else {
            jdbc.update("update twin_history set instance = ? where id = ?", json.writeValueAsString(stored), row);
        }
        return true;
    }

    /**
     * Removes one attribute from an entity's history: its own rows, and its member in the rows of attributes written
     * together (rewritten without it, or removed when it was the last). Whether there was any.
     */
    boolean deleteHistory(String tenant, String id, String name) {
        int removed = jdbc.update("delete from twin_history where tenant = ? and entity_id = ? and name = ?", tenant, id, name);
        List<Object[]> rewrite = new ArrayList<>();
        List<Object[]> drop = new ArrayList<>();
        jdbc.query("select id, instance from twin_history where tenant = ? and entity_id = ? and name = ?", rs -> {
            ObjectNode together = (ObjectNode) json.readTree(rs.getString(2));
            if (together.remove(name) != null) {
                if (together.isEmpty()) {
                    drop.add(new Object[] {rs.getLong(1)});
                } else {
                    rewrite.add(new Object[] {json.writeValueAsString(together), rs.getLong(1)});
                }
            }
        }, tenant, id, TOGETHER);
        jdbc.batchUpdate("update twin_history set instance = ? where id = ?", rewrite);
        jdbc.batchUpdate("delete from twin_history where id = ?", drop);
        return removed + rewrite.size() + drop.size() > 0;
    }

    void appendHistory(String tenant, String id, List<Instance> instances) {
        jdbc.batchUpdate("insert into twin_history(tenant, entity_id, name, observed_at, instance) values (?, ?, ?, ?, ?)",
                instances.stream().map(i -> new Object[] {tenant, id, i.name(), Timestamp.from(i.observedAt()), json.writeValueAsString(i.instance())}).toList(),
                HISTORY_TYPES);
    }

    List<Instance> history(String tenant, String id, List<String> attrs, Instant from, Instant to) {
        if (attrs != null && attrs.isEmpty()) {
            return List.of();
        }
        // Rows of attributes written together are read whole and filtered here; single rows are filtered by the query.
        StringBuilder sql = new StringBuilder("select name, observed_at, instance, id from twin_history where tenant = ? and entity_id = ? and (name = ? or (1 = 1");
        List<Object> args = new ArrayList<>(List.of(tenant, id, TOGETHER));
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
        sql.append("))");
        record Row(long id, Instance instance) {
        }
        List<Row> rows = new ArrayList<>();
        jdbc.query(sql.toString(), rs -> {
            Instant written = rs.getTimestamp(2).toInstant();
            ObjectNode stored = (ObjectNode) json.readTree(rs.getString(3));
            if (!rs.getString(1).equals(TOGETHER)) {
                rows.add(new Row(rs.getLong(4), new Instance(rs.getString(1), written, stored, rs.getLong(4))));
                return;
            }
            for (var e : stored.properties()) {
                Instant at = observedAt(e.getKey(), e.getValue(), written);
                if ((attrs == null || attrs.contains(e.getKey())) && (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to))) {
                    rows.add(new Row(rs.getLong(4), new Instance(e.getKey(), at, (ObjectNode) e.getValue(), rs.getLong(4))));
                }
            }
        }, args.toArray());
        rows.sort(java.util.Comparator.comparing((Row r) -> r.instance().name()).thenComparing(r -> r.instance().observedAt()).thenComparingLong(Row::id));
        return rows.stream().map(Row::instance).toList();
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
            if (!EntityDocuments.isAttribute(e.getKey()) || !include.test(e.getKey())) {
                continue;
            }
            // a multi-attribute is indexed as if it were one attribute holding every instance's value
            JsonNode value = e.getValue().isArray() ? MultiAttribute.values(e.getValue(), EntityDocuments::simplified)
                    : EntityDocuments.simplified(e.getValue());
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

    /**
     * History rows for the attributes just written. Several attributes written together go into one row (name
     * {@link #TOGETHER}, the instances keyed by attribute name, {@code observed_at} the time of writing): creating a
     * million entities then writes a million history rows, not three million, with their index entries.
     */
    private void historyRows(String tenant, ObjectNode doc, java.util.Collection<String> names, Instant now, List<Object[]> rows) {
        String id = doc.get("id").asString();
        ObjectNode together = json.createObjectNode();
        for (String name : names) {
            JsonNode attr = doc.get(name);
            if (!name.equals("id") && !name.equals("type") && attr != null && attr.isObject()) {
                together.set(name, attr);
            } else if (EntityDocuments.isAttribute(name) && attr instanceof ArrayNode instances) {
                // a multi-attribute: a row per instance, each with its datasetId and observedAt
                for (JsonNode instance : instances) {
                    rows.add(new Object[] {tenant, id, name, Timestamp.from(observedAt(name, instance, now)), json.writeValueAsString(instance)});
                }
            }
        }
        if (together.size() == 1) {
            var only = together.properties().iterator().next();
            rows.add(new Object[] {tenant, id, only.getKey(), Timestamp.from(observedAt(only.getKey(), only.getValue(), now)),
                    json.writeValueAsString(only.getValue())});
        } else if (together.size() > 1) {
            rows.add(new Object[] {tenant, id, TOGETHER, Timestamp.from(now), json.writeValueAsString(together)});
        }
    }

    /** The name of a history row that holds several attributes written together (never an attribute's name: those are IRIs). */
    private static final String TOGETHER = "";

    private static Instant observedAt(String name, JsonNode attr, Instant written) {
        JsonNode observed = attr.get("observedAt");
        return observed != null ? EntityDocuments.instant(name, observed.asString()).toInstant() : written;
    }

    private RowMapper<Stored> row() {
        return (rs, n) -> new Stored((ObjectNode) json.readTree(rs.getString(1)), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant());
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
