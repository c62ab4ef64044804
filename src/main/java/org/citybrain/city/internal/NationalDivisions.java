package org.citybrain.city.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.citybrain.city.Divisions;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The national list (read once from the GB/T 2260 files under {@code city/gbt2260}: the same reference data on every
 * node) and this city's streets and communities (read from the place table each time, since the city's places are
 * loaded after start). A prefecture's "市辖区" row (the municipalities' placeholder) is shown by its province's name.
 */
@Component("divisions")
class NationalDivisions implements Divisions {

    private static final Pattern CODE = Pattern.compile("\\d{6}|\\d{9}|\\d{12}");
    private static final Pattern SUFFIX = Pattern.compile("(省|市|自治区|特别行政区|地区|自治州|盟|区|县|自治县|旗|街道|镇|乡|社区|村)$");

    private final JdbcTemplate jdbc;
    private final Map<String, Division> national = new LinkedHashMap<>();
    private final Map<String, List<Division>> children = new LinkedHashMap<>();

    NationalDivisions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        Map<String, String> provinces = new LinkedHashMap<>();
        read("provinces.csv", r -> provinces.put(r[0], r[1]));
        provinces.forEach((p, name) -> add(new Division(p + "0000", name, name, DivisionCode.Level.PROVINCE, null)));
        Map<String, String> cities = new LinkedHashMap<>();
        read("cities.csv", r -> {
            String name = "市辖区".equals(r[1]) || "省直辖县级行政区划".equals(r[1]) || "自治区直辖县级行政区划".equals(r[1]) ? provinces.get(r[2]) : r[1];
            cities.put(r[0], name);
            String label = name.equals(provinces.get(r[2])) ? name : name + " · " + provinces.get(r[2]);
            add(new Division(r[0] + "00", name, label, DivisionCode.Level.CITY, r[2] + "0000"));
        });
        read("areas.csv", r -> {
            String city = cities.get(r[2]);
            String province = provinces.get(r[3]);
            String label = r[1] + " · " + (city.equals(province) ? province : city + " · " + province);
            add(new Division(r[0], r[1], label, DivisionCode.Level.DISTRICT, r[2] + "00"));
        });
    }

    private void add(Division d) {
        national.put(d.code(), d);
        children.computeIfAbsent(d.parent() == null ? "" : d.parent(), k -> new ArrayList<>()).add(d);
    }

    private static void read(String file, java.util.function.Consumer<String[]> row) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ClassPathResource("city/gbt2260/" + file).getInputStream(), StandardCharsets.UTF_8))) {
            in.readLine(); // header
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    row.accept(line.replace("\"", "").split(","));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GB/T 2260 division list " + file, e);
        }
    }

    @Override
    public Optional<Division> byCode(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Optional.empty();
        }
        Division d = national.get(code);
        if (d != null) {
            return Optional.of(d);
        }
        if (code.length() == 6) {
            return Optional.empty();
        }
        return local("c.code = ?", 1, code).stream().findFirst();
    }

    @Override
    public List<Division> children(String parentCode) {
        if (parentCode == null || parentCode.isBlank()) {
            return children.getOrDefault("", List.of());
        }
        List<Division> national = children.get(parentCode);
        if (national != null) {
            return national;
        }
        // Below a county of this city: its streets; below a street: its communities.
        if (parentCode.length() == 6 || parentCode.length() == 9) {
            String kind = parentCode.length() == 6 ? "STREET" : "COMMUNITY";
            return jdbc.query(LOCAL + " where c.kind = ? and c.code like ? order by c.code", localRow(), kind, parentCode + "%");
        }
        return List.of();
    }

    @Override
    public List<Division> search(String text, Scope scope, int limit) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return List.of();
        }
        List<Division> found = new ArrayList<>();
        if (scope != Scope.COMMUNITY) {
            for (Division d : national.values()) {
                if (d.name().contains(t) || d.code().startsWith(t)) {
                    found.add(d);
                }
            }
        }
        if (scope != Scope.NATIONAL) {
            found.addAll(local("c.kind " + (scope == Scope.COMMUNITY ? "= 'COMMUNITY'" : "in ('STREET', 'COMMUNITY')")
                    + " and (c.name like ? or c.code like ?)", 200, "%" + escape(t) + "%", escape(t) + "%"));
        }
        found.sort(Comparator.comparingInt((Division d) -> closeness(d, t)).thenComparing(Division::code));
        return found.subList(0, Math.min(found.size(), Math.max(1, limit)));
    }

    /** 0 for the exact name, 1 for the name without its suffix (郑州 for 郑州市), 2 for a start, 3 for the rest. */
    private static int closeness(Division d, String t) {
        if (d.name().equals(t) || d.label().equals(t) || d.code().equals(t)) {
            return 0;
        }
        if (SUFFIX.matcher(d.name()).replaceFirst("").equals(t)) {
            return 1;
        }
        return d.name().startsWith(t) ? 2 : 3;
    }

    @Override
    public Division resolve(String field, String typed, Scope scope) {
        String t = typed == null ? "" : typed.strip();
        if (t.isEmpty()) {
            throw new InvalidStandardValue(field, "请选择地点 / choose a place");
        }
        if (CODE.matcher(t).matches()) {
            return byCode(t).filter(x -> allowed(x, scope))
                    .orElseThrow(() -> new InvalidStandardValue(field, "没有编码为“" + t + "”的地方 / no place has the code “" + t + "”"));
        }
        if (t.contains(" · ")) {
            // A label picked from the list: its first part is the name, the rest tells same-named places apart.
            String name = t.substring(0, t.indexOf(" · ")).strip();
            List<Division> labelled = search(name, scope, 50).stream().filter(d -> d.label().equals(t)).toList();
            if (labelled.size() == 1) {
                return labelled.get(0);
            }
        }
        // search() keeps to the scope; a code is looked up directly above, so only it needs allowed().
        List<Division> best = search(t, scope, 50).stream().filter(d -> closeness(d, t) <= 1).toList();
        if (best.size() == 1) {
            return best.get(0);
        }
        List<Division> exact = best.stream().filter(d -> closeness(d, t) == 0).toList();
        if (exact.size() == 1) {
            return exact.get(0);
        }
        if (best.size() > 1) {
            String some = best.stream().limit(3).map(Division::label).reduce((a, b) -> a + "；" + b).orElse("");
            String someEn = best.stream().limit(3).map(Division::label).reduce((a, b) -> a + "; " + b).orElse("");
            throw new InvalidStandardValue(field, "有" + best.size() + "个地方叫“" + t + "”（" + some + "），请从列表中选择 / "
                    + best.size() + " places are called “" + t + "” (" + someEn + "): choose one from the list");
        }
        String what = scope == Scope.COMMUNITY ? "本市的社区" : "地方";
        String whatEn = scope == Scope.COMMUNITY ? "community of this city" : "place";
        throw new InvalidStandardValue(field, "没有找到叫“" + t + "”的" + what + "，请输入名称并从列表中选择 / no " + whatEn
                + " is called “" + t + "”: type its name and choose it from the list");
    }

    private static boolean allowed(Division d, Scope scope) {
        return switch (scope) {
            case NATIONAL -> d.code().length() == 6;
            case COMMUNITY -> d.level() == DivisionCode.Level.COMMUNITY;
            case ANY -> true;
        };
    }

    private static final String LOCAL = """
            select c.code, c.name, c.kind, p.name as parent_name, g.name as grandparent_name
            from place c left join place p on p.id = c.parent_id left join place g on g.id = p.parent_id""";

    private List<Division> local(String where, int limit, Object... args) {
        return jdbc.query(LOCAL + " where " + where + " order by c.code fetch first " + limit + " rows only", localRow(), args);
    }

    private RowMapper<Division> localRow() {
        return (rs, n) -> {
            String code = rs.getString("code");
            // A community's parent is its street and grandparent its district; a street's parent is its district.
            boolean community = "COMMUNITY".equals(rs.getString("kind"));
            String districtCode = code.substring(0, 6);
            Division county = national.get(districtCode);
            String above = county != null ? county.label() : rs.getString(community ? "grandparent_name" : "parent_name");
            String label = community ? rs.getString("name") + " · " + rs.getString("parent_name") + " · " + above
                    : rs.getString("name") + " · " + above;
            return new Division(code, rs.getString("name"), label, community ? DivisionCode.Level.COMMUNITY : DivisionCode.Level.STREET,
                    community ? code.substring(0, 9) : districtCode);
        };
    }

    private static String escape(String like) {
        return like.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
