package org.citybrain.demo.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.citybrain.population.Household;
import org.citybrain.population.NewResident;
import org.citybrain.population.PopulationLoader;
import org.citybrain.standards.IdNumber;

/**
 * Generates households and residents into the city's buildings. ID numbers are valid and unique: the
 * sequence part counts per (region, birth date), odd for men and even for women, as GB 11643 has it.
 */
final class PopulationGenerator {

    /** People the README names, so that an evaluator can sign in as a citizen. */
    record NamedResident(String name, char gender, String region, LocalDate birthDate, String mobile) {
    }

    static final List<NamedResident> NAMED = List.of(
            new NamedResident("张明", 'M', "410105", LocalDate.of(1988, 5, 12), "13800000001"),
            new NamedResident("李华", 'F', "410103", LocalDate.of(1992, 9, 3), "13800000002"));

    /**
     * A child in each named resident's household, of the age to start primary school in the demo's enrollment
     * campaign (born September 2020 to August 2021): the families a visitor enrolls. No phone: a child has none.
     */
    static final List<NamedResident> NAMED_CHILDREN = List.of(
            new NamedResident("张小雨", 'F', "410105", LocalDate.of(2020, 11, 8), null),
            new NamedResident("李乐天", 'M', "410103", LocalDate.of(2021, 3, 21), null));

    private static final int BATCH = 5_000;
    private static final String[] MOBILE_PREFIXES = {"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
            "155", "156", "158", "159", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199"};
    private static final LocalDate OLDEST = LocalDate.of(1935, 1, 1);

    private final SplittableRandom random;
    private final PopulationLoader loader;
    private final Progress progress;
    private final Map<Long, Integer> sequences = new HashMap<>();
    private final List<String> regions = new ArrayList<>();
    private final Map<String, Integer> regionIndex = new HashMap<>();

    PopulationGenerator(long seed, PopulationLoader loader, Progress progress) {
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.loader = loader;
        this.progress = progress;
    }

    /** Writes the residents and returns the ID numbers issued to {@link #NAMED}, in order. */
    List<IdNumber> generate(long residents, CityGenerator.GeneratedCity city) {
        List<CityGenerator.Building> buildings = city.buildings();
        List<Household> households = new ArrayList<>(BATCH);
        List<NewResident> people = new ArrayList<>(BATCH);
        List<IdNumber> namedIds = new ArrayList<>();
        long householdId = 0;
        long residentId = 0;
        while (residentId < residents) {
            householdId++;
            // The named residents head the first households of their districts' first communities.
            NamedResident named = householdId <= NAMED.size() ? NAMED.get((int) householdId - 1) : null;
            CityGenerator.Building b = named != null ? firstBuildingIn(buildings, named.region()) : buildings.get(random.nextInt(buildings.size()));
            int unit = 1 + random.nextInt(4);
            int floor = 1 + random.nextInt(30);
            households.add(new Household(householdId, b.id(), b.communityCode(), b.address() + unit + "单元" + floor + String.format("%02d", 1 + random.nextInt(4)) + "室"));
            int size = householdSize();
            int drawn = size;
            if (named != null) {
                size = Math.max(size, 2); // the named resident and her child at least
            }
            String district = b.communityCode().substring(0, 6);
            long[] employers = city.enterprisesByDistrict().get(district);
            for (int k = 0; k < size && residentId < residents; k++) {
                residentId++;
                NewResident r;
                if (named != null && k == 0) {
                    r = namedResident(residentId, householdId, b, named);
                } else if (named != null && k == 1) {
                    if (k < drawn) {
                        // drawn as the household's second member would have been, so that everyone after is the same person
                        resident(residentId, householdId, b, district, employers, city, false);
                    }
                    r = namedResident(residentId, householdId, b, NAMED_CHILDREN.get((int) householdId - 1));
                } else {
                    r = resident(residentId, householdId, b, district, employers, city, k == 0);
                }
                if (named != null && k == 0) {
                    namedIds.add(new IdNumber(r.idNumber()));
                }
                people.add(r);
            }
            if (people.size() >= BATCH) {
                flush(households, people);
            }
        }
        flush(households, people);
        return namedIds;
    }

    private NewResident namedResident(long id, long householdId, CityGenerator.Building b, NamedResident n) {
        String idNumber = IdNumber.of(n.region(), n.birthDate(), nextSequence(n.region(), n.birthDate(), n.gender() == 'M')).value();
        return new NewResident(id, idNumber, n.name(), n.gender(), n.birthDate(), n.mobile(), householdId, b.communityCode(), b.id(), b.lon(), b.lat(),
                null);
    }

    private NewResident resident(long id, long householdId, CityGenerator.Building b, String district, long[] employers,
                                 CityGenerator.GeneratedCity city, boolean head) {
        boolean male = random.nextBoolean();
        LocalDate birth = head ? OLDEST.plusDays(random.nextInt(365 * 70)) : OLDEST.plusDays(random.nextInt(365 * 90));
        String region = random.nextInt(100) < 82 ? district : Zhengzhou.OTHER_BIRTH_REGIONS.get(random.nextInt(Zhengzhou.OTHER_BIRTH_REGIONS.size()));
        int sequence = nextSequence(region, birth, male);
        while (sequence < 0) {
            birth = birth.plusDays(1);
            sequence = nextSequence(region, birth, male);
        }
        String idNumber = IdNumber.of(region, birth, sequence).value();
        int age = LocalDate.now().getYear() - birth.getYear();
        String mobile = age >= 12 ? MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)] + String.format("%08d", random.nextInt(100_000_000)) : null;
        Long employer = null;
        if (age >= 18 && age <= 60 && random.nextInt(100) < 62) {
            if (employers != null && employers.length > 0 && random.nextInt(100) < 70) {
                employer = employers[random.nextInt(employers.length)];
            } else {
                long[] any = city.enterprisesByDistrict().values().stream().skip(random.nextInt(city.enterprisesByDistrict().size())).findFirst().orElse(null);
                employer = any == null || any.length == 0 ? null : any[random.nextInt(any.length)];
            }
        }
        return new NewResident(id, idNumber, name(male), male ? 'M' : 'F', birth, mobile, householdId, b.communityCode(), b.id(), b.lon(), b.lat(), employer);
    }

    /** The next free sequence for the region and birth date, or -1 when all 500 of that sex are taken. */
    private int nextSequence(String region, LocalDate birth, boolean male) {
        int r = regionIndex.computeIfAbsent(region, k -> {
            regions.add(k);
            return regions.size() - 1;
        });
        long key = ((long) r << 32) | (birth.toEpochDay() & 0xFFFFFFFFL);
        key = key * 2 + (male ? 1 : 0);
        int n = sequences.merge(key, 1, Integer::sum) - 1;
        if (n >= 499) {
            return -1;
        }
        // Sequence numbers start at 001 (odd) / 002 (even): 000 is not issued.
        return male ? 2 * n + 1 : 2 * n + 2;
    }

    private String name(boolean male) {
        String surname = Zhengzhou.SURNAMES.get(Math.min(random.nextInt(Zhengzhou.SURNAMES.size()), random.nextInt(Zhengzhou.SURNAMES.size())));
        int length = random.nextInt(100) < 70 ? 2 : 1;
        StringBuilder given = new StringBuilder();
        for (int i = 0; i < length; i++) {
            given.append(Zhengzhou.GIVEN.charAt(random.nextInt(Zhengzhou.GIVEN.length())));
        }
        return surname + given;
    }

    private int householdSize() {
        int r = random.nextInt(100);
        return r < 18 ? 1 : r < 45 ? 2 : r < 75 ? 3 : r < 92 ? 4 : 5;
    }

    private static CityGenerator.Building firstBuildingIn(List<CityGenerator.Building> buildings, String district) {
        return buildings.stream().filter(b -> b.communityCode().startsWith(district)).findFirst().orElse(buildings.getFirst());
    }

    private void flush(List<Household> households, List<NewResident> people) {
        if (!households.isEmpty()) {
            loader.loadHouseholds(List.copyOf(households));
        }
        if (!people.isEmpty()) {
            loader.loadResidents(List.copyOf(people));
        }
        progress.advance(households.size() + people.size());
        households.clear();
        people.clear();
    }
}
