package org.citybrain.demo.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.city.PlaceLoader;
import org.citybrain.standards.CreditCode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Generates the places of the demo city and hands back what the population generator needs (buildings,
 * enterprises). Areas are divided top-down: the city's outline among districts, each district among its streets,
 * each street among its communities, so that every point of the city lies in exactly one community.
 */
final class CityGenerator {

    record Community(long id, String code, String name, String districtCode, Geometry area) {
    }

    record Building(long id, String communityCode, double lon, double lat, String address) {
    }

    /** What the rest of generation builds on. */
    record GeneratedCity(List<Community> communities, List<Building> buildings, Map<String, long[]> enterprisesByDistrict,
                         Map<String, String> districtNames, long placeCount) {
    }

    private final SplittableRandom random;
    private final PlaceLoader loader;
    private final Progress progress;
    private final long residents;
    private final List<Place> batch = new ArrayList<>();
    private final STRtree communityIndex = new STRtree();
    private long nextId = 1;
    private long written;

    CityGenerator(long seed, long residents, PlaceLoader loader, Progress progress) {
        this.random = new SplittableRandom(seed);
        this.residents = residents;
        this.loader = loader;
        this.progress = progress;
    }

    GeneratedCity generate() {
        Coordinate[] ring = new Coordinate[Zhengzhou.OUTLINE.length + 1];
        for (int i = 0; i < Zhengzhou.OUTLINE.length; i++) {
            ring[i] = new Coordinate(Zhengzhou.OUTLINE[i][0], Zhengzhou.OUTLINE[i][1]);
        }
        ring[ring.length - 1] = ring[0];
        Geometry cityArea = Geo.FACTORY.createPolygon(ring);
        List<Coordinate> districtSites = Zhengzhou.DISTRICTS.stream().map(d -> new Coordinate(d.lon(), d.lat())).toList();
        List<Geometry> districtAreas = Geo.divide(cityArea, districtSites);

        List<Community> communities = new ArrayList<>();
        Map<String, List<Community>> communitiesByDistrict = new LinkedHashMap<>();
        Map<String, String> districtNames = new LinkedHashMap<>();
        Map<String, List<Geometry>> streetAreas = new HashMap<>();
        Map<String, List<Long>> streetIds = new HashMap<>();
        for (int d = 0; d < Zhengzhou.DISTRICTS.size(); d++) {
            Zhengzhou.District district = Zhengzhou.DISTRICTS.get(d);
            Geometry area = districtAreas.get(d);
            districtNames.put(district.code(), district.name());
            long districtId = add(PlaceKind.DISTRICT, district.code(), district.name(), null, district.code(), district.code(),
                    district.lon(), district.lat(), Geo.geoJson(area), Map.of("level", "区县", "urban", district.urban()));
            List<Coordinate> streetSites = Geo.spreadPointsIn(area, district.streets().size(), random);
            List<Geometry> streets = Geo.divide(area, streetSites);
            streetAreas.put(district.code(), streets);
            List<Long> ids = new ArrayList<>();
            for (int s = 0; s < streets.size(); s++) {
                String streetName = district.streets().get(s);
                String streetCode = district.code() + String.format("%03d", s + 1);
                Geometry streetArea = streets.get(s);
                Coordinate centre = streetArea.getInteriorPoint().getCoordinate();
                boolean township = streetName.endsWith("镇") || streetName.endsWith("乡");
                long streetId = add(PlaceKind.STREET, streetCode, streetName, districtId, streetCode, district.code(),
                        Geo.round(centre.x), Geo.round(centre.y), Geo.geoJson(streetArea), Map.of("level", township ? "乡镇" : "街道"));
                ids.add(streetId);
                int count = district.urban() ? 4 + random.nextInt(4) : 3 + random.nextInt(3);
                List<Coordinate> sites = Geo.spreadPointsIn(streetArea, count, random);
                List<Geometry> cells = Geo.divide(streetArea, sites);
                List<String> used = new ArrayList<>();
                for (int c = 0; c < cells.size(); c++) {
                    String word = uniqueWord(used);
                    // Statistical codes: 001–199 urban residents' committees, 200–399 village committees.
                    String code = streetCode + String.format("%03d", township ? 200 + c + 1 : c + 1);
                    String name = word + (township ? "村" : "社区");
                    Coordinate cc = cells.get(c).getInteriorPoint().getCoordinate();
                    long id = add(PlaceKind.COMMUNITY, code, name, streetId, code, district.code(), Geo.round(cc.x), Geo.round(cc.y),
                            Geo.geoJson(cells.get(c)), Map.of("street", streetName, "committee", township ? "村民委员会" : "居民委员会"));
                    Community community = new Community(id, code, name, district.code(), cells.get(c));
                    communities.add(community);
                    communitiesByDistrict.computeIfAbsent(district.code(), k -> new ArrayList<>()).add(community);
                    communityIndex.insert(cells.get(c).getEnvelopeInternal(), new Located(PreparedGeometryFactory.prepare(cells.get(c)), community));
                }
            }
            streetIds.put(district.code(), ids);
        }
        communityIndex.build();

        List<Building> buildings = compoundsAndBuildings(communities);
        Map<String, long[]> enterprises = enterprises(communitiesByDistrict);
        venuesAndHospitals(communitiesByDistrict, districtNames);
        schools(streetAreas, communitiesByDistrict, districtNames);
        checkpoints();
        roadsAndWaterlogging();
        flush();
        return new GeneratedCity(communities, buildings, enterprises, districtNames, written);
    }

    private List<Building> compoundsAndBuildings(List<Community> communities) {
        // About 400 residents per compound and five buildings per compound; at least one compound per community.
        long compoundsWanted = Math.max(communities.size(), residents / 400);
        List<Building> buildings = new ArrayList<>();
        for (int i = 0; i < communities.size(); i++) {
            Community c = communities.get(i);
            long share = compoundsWanted / communities.size() + (i < compoundsWanted % communities.size() ? 1 : 0);
            List<String> used = new ArrayList<>();
            for (int k = 0; k < Math.max(1, share); k++) {
                Coordinate p = Geo.pointIn(c.area(), random);
                String name = uniqueWord(used) + List.of("小区", "花园", "家园", "苑", "公寓", "新城").get(random.nextInt(6));
                long compoundId = add(PlaceKind.COMPOUND, null, name, c.id(), c.code(), c.districtCode(), Geo.round(p.x), Geo.round(p.y), null,
                        Map.of("builtYear", 1985 + random.nextInt(38), "gates", 1 + random.nextInt(3)));
                int count = 2 + random.nextInt(6);
                for (int b = 1; b <= count; b++) {
                    double lon = Geo.round(p.x + (random.nextDouble() - 0.5) * 0.0016);
                    double lat = Geo.round(p.y + (random.nextDouble() - 0.5) * 0.0012);
                    int floors = 6 + random.nextInt(28);
                    long id = add(PlaceKind.BUILDING, null, name + b + "号楼", compoundId, c.code(), c.districtCode(), lon, lat, null,
                            Map.of("floors", floors, "units", 1 + random.nextInt(4)));
                    buildings.add(new Building(id, c.code(), lon, lat, name + b + "号楼"));
                }
            }
        }
        return buildings;
    }

    private Map<String, long[]> enterprises(Map<String, List<Community>> byDistrict) {
        long count = Math.max(120, residents / 60);
        Map<String, List<Long>> ids = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            Zhengzhou.District d = pickDistrict();
            List<Community> inDistrict = byDistrict.get(d.code());
            Community c = inDistrict.get(random.nextInt(inDistrict.size()));
            Coordinate p = Geo.pointIn(c.area(), random);
            String industry = Zhengzhou.INDUSTRIES.get(random.nextInt(Zhengzhou.INDUSTRIES.size()));
            String name = "郑州" + Zhengzhou.PLACE_WORDS.get(random.nextInt(Zhengzhou.PLACE_WORDS.size()))
                    + Zhengzhou.PLACE_WORDS.get(random.nextInt(Zhengzhou.PLACE_WORDS.size())) + industry + "有限公司";
            StringBuilder org = new StringBuilder();
            String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
            for (int k = 0; k < 9; k++) {
                org.append(chars.charAt(random.nextInt(chars.length())));
            }
            String creditCode = CreditCode.of("91" + d.code() + org).value();
            long id = add(PlaceKind.ENTERPRISE, creditCode, name, c.id(), c.code(), d.code(), Geo.round(p.x), Geo.round(p.y), null,
                    Map.of("industry", industry, "creditCode", creditCode));
            ids.computeIfAbsent(d.code(), k -> new ArrayList<>()).add(id);
        }
        Map<String, long[]> result = new LinkedHashMap<>();
        ids.forEach((k, v) -> result.put(k, v.stream().mapToLong(Long::longValue).toArray()));
        return result;
    }

    private void venuesAndHospitals(Map<String, List<Community>> byDistrict, Map<String, String> districtNames) {
        for (Zhengzhou.Landmark s : Zhengzhou.STATIONS) {
            addLocated(PlaceKind.VENUE, s.name(), s.lon(), s.lat(), Map.of("category", s.kind(), "crowded", true));
        }
        for (Zhengzhou.Landmark h : Zhengzhou.HOSPITALS) {
            addLocated(PlaceKind.HOSPITAL, h.name(), h.lon(), h.lat(), Map.of("category", h.kind(), "grade", "三级甲等", "beds", h.beds(), "feverClinic", true));
        }
        for (var entry : byDistrict.entrySet()) {
            String name = districtNames.get(entry.getKey());
            List<Community> cs = entry.getValue();
            Community centre = cs.get(random.nextInt(cs.size()));
            Coordinate p = Geo.pointIn(centre.area(), random);
            add(PlaceKind.HOSPITAL, null, name + "人民医院", centre.id(), centre.code(), entry.getKey(), Geo.round(p.x), Geo.round(p.y), null,
                    Map.of("category", "综合医院", "grade", "二级甲等", "beds", 300 + random.nextInt(700), "feverClinic", true));
            for (int m = 0; m < 2; m++) {
                Community c = cs.get(random.nextInt(cs.size()));
                Coordinate q = Geo.pointIn(c.area(), random);
                add(PlaceKind.VENUE, null, Zhengzhou.PLACE_WORDS.get(random.nextInt(Zhengzhou.PLACE_WORDS.size())) + (m == 0 ? "购物中心" : "广场"),
                        c.id(), c.code(), entry.getKey(), Geo.round(q.x), Geo.round(q.y), null, Map.of("category", m == 0 ? "商场" : "广场", "crowded", true));
            }
            for (Community c : cs) {
                if (random.nextInt(4) == 0) {
                    Coordinate q = Geo.pointIn(c.area(), random);
                    add(PlaceKind.VENUE, null, c.name() + "农贸市场", c.id(), c.code(), entry.getKey(), Geo.round(q.x), Geo.round(q.y), null,
                            Map.of("category", "农贸市场", "crowded", true));
                }
                if (c.code().endsWith("001")) {
                    Coordinate q = Geo.pointIn(c.area(), random);
                    add(PlaceKind.HOSPITAL, null, c.name().replace("社区", "").replace("村", "") + "社区卫生服务中心", c.id(), c.code(), entry.getKey(),
                            Geo.round(q.x), Geo.round(q.y), null, Map.of("category", "社区卫生服务中心", "grade", "一级", "beds", 20 + random.nextInt(60),
                                    "feverClinic", false, "feverSentinel", true));
                }
            }
        }
    }

    private void schools(Map<String, List<Geometry>> streetAreas, Map<String, List<Community>> byDistrict, Map<String, String> districtNames) {
        for (Zhengzhou.District d : Zhengzhou.DISTRICTS) {
            List<Geometry> streets = streetAreas.get(d.code());
            for (int s = 0; s < streets.size(); s++) {
                Geometry street = streets.get(s);
                int count = 1 + random.nextInt(2);
                List<Coordinate> sites = Geo.spreadPointsIn(street, count, random);
                List<Geometry> catchments = Geo.divide(street, sites);
                for (int k = 0; k < count; k++) {
                    String name = districtNames.get(d.code()).replace("回族区", "区") + d.streets().get(s).replaceAll("(街道|镇|乡)$", "")
                            + (count > 1 ? List.of("第一", "第二").get(k) : "") + "小学";
                    addSchool(name, "小学", sites.get(k), catchments.get(k), byDistrict.get(d.code()));
                }
            }
            Geometry district = streets.stream().reduce(Geometry::union).orElseThrow();
            List<Coordinate> sites = Geo.spreadPointsIn(district, 2, random);
            List<Geometry> catchments = Geo.divide(district, sites);
            for (int k = 0; k < 2; k++) {
                addSchool("郑州市" + districtNames.get(d.code()) + List.of("第一", "第二").get(k) + "初级中学", "初中", sites.get(k), catchments.get(k), byDistrict.get(d.code()));
            }
        }
    }

    private void addSchool(String name, String stage, Coordinate site, Geometry catchment, List<Community> candidates) {
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(catchment);
        List<String> covered = candidates.stream().filter(c -> prepared.contains(c.area().getInteriorPoint())).map(Community::code).toList();
        Community home = locate(site.x, site.y);
        add(PlaceKind.SCHOOL, null, name, home.id(), home.code(), home.districtCode(), Geo.round(site.x), Geo.round(site.y), Geo.geoJson(catchment),
                Map.of("stage", stage, "catchmentCommunities", covered, "places", 300 + random.nextInt(1500)));
    }

    private void checkpoints() {
        for (Zhengzhou.Checkpoint c : Zhengzhou.CHECKPOINTS) {
            addLocated(PlaceKind.CHECKPOINT, c.name(), c.lon(), c.lat(), Map.of("road", c.road(), "direction", c.direction(), "lanes", 4 + random.nextInt(8)));
        }
    }

    private void roadsAndWaterlogging() {
        List<Zhengzhou.Road> ew = Zhengzhou.EAST_WEST;
        List<Zhengzhou.Road> ns = Zhengzhou.NORTH_SOUTH;
        long[][] intersections = new long[ew.size()][ns.size()];
        List<long[]> candidates = new ArrayList<>();
        for (int i = 0; i < ew.size(); i++) {
            for (int j = 0; j < ns.size(); j++) {
                String name = ew.get(i).name() + "与" + ns.get(j).name() + "交叉口";
                intersections[i][j] = addLocated(PlaceKind.INTERSECTION, name, ns.get(j).at(), ew.get(i).at(),
                        Map.of("signalised", true, "roads", List.of(ew.get(i).name(), ns.get(j).name())));
                candidates.add(new long[] {i, j});
            }
        }
        for (int i = 0; i < ew.size(); i++) {
            for (int j = 0; j + 1 < ns.size(); j++) {
                segment(ew.get(i).name(), ns.get(j).at(), ew.get(i).at(), ns.get(j + 1).at(), ew.get(i).at(), intersections[i][j], intersections[i][j + 1]);
            }
        }
        for (int j = 0; j < ns.size(); j++) {
            for (int i = 0; i + 1 < ew.size(); i++) {
                segment(ns.get(j).name(), ns.get(j).at(), ew.get(i).at(), ns.get(j).at(), ew.get(i + 1).at(), intersections[i][j], intersections[i + 1][j]);
            }
        }
        // The 51 waterlogging-prone spots of the seed, at intersections of the core city (low-lying ones first by chance of the seed).
        for (int k = candidates.size() - 1; k > 0; k--) {
            int r = random.nextInt(k + 1);
            long[] t = candidates.get(k);
            candidates.set(k, candidates.get(r));
            candidates.set(r, t);
        }
        String[] risk = {"高", "中", "低"};
        for (int k = 0; k < 51; k++) {
            int i = (int) candidates.get(k)[0];
            int j = (int) candidates.get(k)[1];
            String name = ew.get(i).name() + "与" + ns.get(j).name() + "交叉口" + (k % 7 == 0 ? "下穿隧道" : "");
            addLocated(PlaceKind.WATERLOGGING_SPOT, name, Geo.round(ns.get(j).at() + 0.0004), Geo.round(ew.get(i).at() - 0.0003),
                    Map.of("riskLevel", risk[k % 3], "warningDepthCm", 15 + random.nextInt(4) * 5, "drainageMmPerHour", 30 + random.nextInt(40),
                            "intersectionId", intersections[i][j]));
        }
    }

    private void segment(String road, double lon1, double lat1, double lon2, double lat2, long from, long to) {
        Geometry line = Geo.FACTORY.createLineString(new Coordinate[] {new Coordinate(lon1, lat1), new Coordinate(lon2, lat2)});
        double metres = Math.hypot((lon2 - lon1) * 111_320 * Math.cos(Math.toRadians(lat1)), (lat2 - lat1) * 110_540);
        Coordinate mid = line.getCentroid().getCoordinate();
        Community c = locate(mid.x, mid.y);
        add(PlaceKind.ROAD_SEGMENT, null, road, null, c.code(), c.districtCode(), Geo.round(mid.x), Geo.round(mid.y), Geo.geoJson(line),
                Map.of("road", road, "lengthM", Math.round(metres), "lanes", 4 + 2 * random.nextInt(3), "from", from, "to", to));
    }

    private long addLocated(PlaceKind kind, String name, double lon, double lat, Map<String, Object> properties) {
        Community c = locate(lon, lat);
        return add(kind, null, name, c.id(), c.code(), c.districtCode(), lon, lat, null, properties);
    }

    /** The community containing the point; the nearest one if the point is on no community (outside the city's box). */
    Community locate(double lon, double lat) {
        var point = Geo.point(lon, lat);
        @SuppressWarnings("unchecked")
        List<Located> hits = communityIndex.query(point.getEnvelopeInternal());
        for (Located l : hits) {
            if (l.area().covers(point)) {
                return l.community();
            }
        }
        Located nearest = (Located) communityIndex.nearestNeighbour(point.getEnvelopeInternal(), null,
                (a, b) -> ((Located) a.getItem()).community().area().distance(point));
        return nearest.community();
    }

    private Zhengzhou.District pickDistrict() {
        double r = random.nextDouble() * Zhengzhou.DISTRICTS.stream().mapToDouble(Zhengzhou.District::populationShare).sum();
        for (Zhengzhou.District d : Zhengzhou.DISTRICTS) {
            r -= d.populationShare();
            if (r <= 0) {
                return d;
            }
        }
        return Zhengzhou.DISTRICTS.getLast();
    }

    private String uniqueWord(List<String> used) {
        for (int i = 0; i < 50; i++) {
            String w = Zhengzhou.PLACE_WORDS.get(random.nextInt(Zhengzhou.PLACE_WORDS.size()));
            if (!used.contains(w)) {
                used.add(w);
                return w;
            }
        }
        String w = Zhengzhou.PLACE_WORDS.get(random.nextInt(Zhengzhou.PLACE_WORDS.size())) + (used.size() + 1);
        used.add(w);
        return w;
    }

    private long add(PlaceKind kind, String code, String name, Long parentId, String divisionCode, String districtCode, double lon, double lat,
                     String geometry, Map<String, Object> properties) {
        long id = nextId++;
        batch.add(new Place(id, kind, code, name, parentId, divisionCode, districtCode, lon, lat, geometry, properties));
        if (batch.size() >= 2000) {
            flush();
        }
        return id;
    }

    private void flush() {
        if (!batch.isEmpty()) {
            loader.load(List.copyOf(batch));
            written += batch.size();
            progress.advance(batch.size());
            batch.clear();
        }
    }

    private record Located(PreparedGeometry area, Community community) {
    }
}
