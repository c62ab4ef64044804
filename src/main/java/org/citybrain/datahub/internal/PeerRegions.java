package org.citybrain.datahub.internal;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import org.citybrain.city.Divisions;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The other regions' CityBrains this city trusts, each by its GB/T 2260 code, its address and its public keys,
 * exchanged between the two bureaus (each reads the other's {@code /api/exchange/v1/region} and adds it here). Only
 * a region on this list may ask this city a question, and only its keys verify its requests and its receipts.
 */
@Component
class PeerRegions {

    record Peer(String id, String name, String baseUrl, JWKSet keys, String addedBy, Instant addedAt) {
    }

    record Definition(String name, String baseUrl, Object jwks) {
    }

    private final JdbcClient jdbc;
    private final String ownCode;
    private final String ownName;

    PeerRegions(JdbcClient jdbc, Divisions divisions, @Value("${citybrain.health.issuer}") String ownCode) {
        this.jdbc = jdbc;
        this.ownCode = new DivisionCode(ownCode).value();
        this.ownName = divisions.byCode(this.ownCode).map(Divisions.Division::name).orElse(this.ownCode);
    }

    String ownCode() {
        return ownCode;
    }

    String ownName() {
        return ownName;
    }

    Peer add(CurrentUser user, String id, Definition d, tools.jackson.databind.json.JsonMapper json) {
        Action.MANAGE_PEER_REGIONS.demand(user);
        String code;
        try {
            code = new DivisionCode(id == null ? "" : id.strip()).value();
        } catch (InvalidStandardValue e) {
            throw new InvalidStandardValue("id", e.getMessage());
        }
        if (code.equals(ownCode)) {
            throw new InvalidStandardValue("id", "这是本市自己的代码 / that is this city's own code");
        }
        if (d.name() == null || d.name().isBlank() || d.name().length() > 200) {
            throw new InvalidStandardValue("name", "请填写名称（不超过200字） / name the region (at most 200 characters)");
        }
        URI base;
        try {
            base = URI.create(d.baseUrl() == null ? "" : d.baseUrl().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue("baseUrl", "不是有效的地址 / not a valid URL");
        }
        if (base.getHost() == null || !List.of("http", "https").contains(String.valueOf(base.getScheme()))) {
            throw new InvalidStandardValue("baseUrl", "须为 http(s) 地址 / an http(s) URL");
        }
        JWKSet keys;
        try {
            keys = JWKSet.parse(d.jwks() instanceof String s ? s : json.writeValueAsString(d.jwks()));
        } catch (ParseException | RuntimeException e) {
            throw new InvalidStandardValue("jwks", "不是有效的 JWK Set / not a JWK Set");
        }
        if (keys.getKeys().isEmpty() || keys.getKeys().stream().anyMatch(k -> k.isPrivate() || k.getKeyID() == null)) {
            throw new InvalidStandardValue("jwks", "须为带 kid 的公钥 / public keys, each with its kid");
        }
        String stored = keys.toString(true);
        String url = base.toString().replaceAll("/+$", "");
        int changed = jdbc.sql("update exchange_peer set name = ?, base_url = ?, jwks = ?, added_by = ?, added_at = ? where id = ?")
                .params(d.name().strip(), url, stored, user.username(), Timestamp.from(Instant.now()), code).update();
        if (changed == 0) {
            jdbc.sql("insert into exchange_peer (id, name, base_url, jwks, added_by, added_at) values (?, ?, ?, ?, ?, ?)")
                    .params(code, d.name().strip(), url, stored, user.username(), Timestamp.from(Instant.now())).update();
        }
        return require(code);
    }

    List<Peer> all() {
        return jdbc.sql("select * from exchange_peer order by id").query((rs, n) -> peer(rs)).list();
    }

    java.util.Optional<Peer> find(String id) {
        return jdbc.sql("select * from exchange_peer where id = ?").param(id).query((rs, n) -> peer(rs)).optional();
    }

    Peer require(String id) {
        return find(id).orElseThrow(() -> new NotFound("peer", "没有这个互信城市 / no such peer region"));
    }

    private static Peer peer(ResultSet rs) throws SQLException {
        try {
            return new Peer(rs.getString("id"), rs.getString("name"), rs.getString("base_url"), JWKSet.parse(rs.getString("jwks")), rs.getString("added_by"),
                    Sources.instant(rs, "added_at"));
        } catch (ParseException e) {
            throw new IllegalStateException("a stored peer's keys cannot be read", e);
        }
    }
}
