package org.citybrain.enrollment.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The allocation of places after the window has closed, by the published rules (docs/services.md, "School
 * enrollment"), so that the time of submission counts for nothing:
 * <ol>
 *   <li>Catchment rounds: each school admits the children of its catchment category by category (第一类 first). A
 *       category that fits in the places left is admitted whole; one that does not is drawn by lottery for them, and
 *       the later categories get none there.</li>
 *   <li>Preference rounds: children not yet placed, by their first preference and then their second, to schools with
 *       places left; where more ask than fit, the better category first and the lottery within it.</li>
 *   <li>The rest are referred to the district's placement (统筹安排).</li>
 * </ol>
 * Every round at every school is one published draw: the places left, who competed (by application number and
 * category) and who was admitted, which anyone recomputes from the revealed seed.
 */
final class PlaceAllocation {

    /** One checked application as the allocation sees it. */
    record Applicant(long id, String number, Category category, Long catchmentSchool, List<Long> preferences) {
    }

    /** A round at a school: who competed for how many places, who got them, and whether that took the lottery. */
    record Draw(long school, String round, int placesLeft, List<Applicant> competing, List<String> admitted, boolean lottery) {
    }

    /** Where each application went (absent: referred) and how, with the draws that decided it. */
    record Result(Map<Long, Long> schoolOf, Map<Long, String> admittedBy, Map<Long, String> tickets, List<Draw> draws) {
    }

    private PlaceAllocation() {
    }

    static Result allocate(String seed, SortedMap<Long, Integer> places, List<Applicant> applicants) {
        Map<Long, String> tickets = new HashMap<>();
        applicants.forEach(a -> tickets.put(a.id(), Lottery.ticket(seed, a.number())));
        Comparator<Applicant> order = Comparator.<Applicant>comparingInt(a -> a.category().rank).thenComparing(a -> tickets.get(a.id()));
        Map<Long, Integer> left = new HashMap<>(places);
        Map<Long, Long> schoolOf = new LinkedHashMap<>();
        Map<Long, String> how = new HashMap<>();
        List<Draw> draws = new ArrayList<>();

        // grouped once: 150,000 applications over a city's schools are otherwise filtered once per round
        Map<String, List<Applicant>> byCatchment = new HashMap<>();
        applicants.stream().filter(a -> a.catchmentSchool() != null && a.category() != Category.OTHER)
                .forEach(a -> byCatchment.computeIfAbsent(a.catchmentSchool() + "/" + a.category(), k -> new ArrayList<>()).add(a));
        for (long school : places.keySet()) {
            for (Category c : Category.values()) {
                List<Applicant> competing = byCatchment.getOrDefault(school + "/" + c, List.of());
                round(school, "CATCHMENT_" + c.rank, competing, order, left, schoolOf, how, draws);
            }
        }
        for (int p = 0; p < 2; p++) {
            int choice = p;
            Map<Long, List<Applicant>> byPreference = new HashMap<>();
            applicants.stream().filter(a -> !schoolOf.containsKey(a.id()) && a.preferences().size() > choice)
                    .forEach(a -> byPreference.computeIfAbsent(a.preferences().get(choice), k -> new ArrayList<>()).add(a));
            for (long school : places.keySet()) {
                round(school, "PREFERENCE_" + (choice + 1), byPreference.getOrDefault(school, List.of()), order, left, schoolOf, how, draws);
            }
        }
        return new Result(schoolOf, how, tickets, draws);
    }

    private static void round(long school, String round, List<Applicant> competing, Comparator<Applicant> order, Map<Long, Integer> left,
                              Map<Long, Long> schoolOf, Map<Long, String> how, List<Draw> draws) {
        if (competing.isEmpty()) {
            return;
        }
        int free = left.getOrDefault(school, 0);
        boolean lottery = competing.size() > free;
        List<Applicant> admitted = competing.stream().sorted(order).limit(free).toList();
        admitted.forEach(a -> {
            schoolOf.put(a.id(), school);
            how.put(a.id(), lottery ? round + "_LOTTERY" : round);
        });
        left.put(school, free - admitted.size());
        List<Applicant> byNumber = competing.stream().sorted(Comparator.comparing(Applicant::number)).toList();
        draws.add(new Draw(school, round, free, byNumber, admitted.stream().map(Applicant::number).toList(), lottery));
    }

    /** Places by school in id order: the order of the rounds. */
    static SortedMap<Long, Integer> places(Map<Long, Integer> bySchool) {
        return new TreeMap<>(bySchool);
    }
}
