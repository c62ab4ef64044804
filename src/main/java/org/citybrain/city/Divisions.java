package org.citybrain.city;

import java.util.List;
import java.util.Optional;

import org.citybrain.standards.DivisionCode;

/**
 * China's administrative divisions by name: the national GB/T 2260 list (provinces, cities, counties) and, below the
 * counties of this city, its own streets and communities. Pages let people choose places by name with it (a
 * province → city → county cascade and a search), and show a division's name wherever its code would otherwise
 * appear.
 */
public interface Divisions {

    /** How fine a choice a form wants. */
    enum Scope {
        /** A province, city or county anywhere in China (where a trip came from). */
        NATIONAL,
        /** A community of this city (where a visit goes). */
        COMMUNITY,
        /** Any division: national ones and this city's streets and communities (a risk area). */
        ANY
    }

    /**
     * One division.
     *
     * @param label  the name with what contains it, as a person tells places apart: "金水区 · 郑州市 · 河南省"
     * @param parent the containing division's code, or null for a province
     */
    record Division(String code, String name, String label, DivisionCode.Level level, String parent) {
    }

    Optional<Division> byCode(String code);

    /** The divisions directly inside one, in code order; {@code null} gives the provinces. */
    List<Division> children(String parentCode);

    /** Divisions whose name contains the text, the closest first (exact names, then names that start with it). */
    List<Division> search(String text, Scope scope, int limit);

    /**
     * What a person typed or picked, as one division: a label from the list, a name that only one place has, or a code.
     * Refuses with a message naming {@code field} when nothing or more than one place matches.
     */
    Division resolve(String field, String typed, Scope scope);

    /** The division's label, or the code itself when the code is unknown (an old code, another country's). */
    default String labelOf(String code) {
        return code == null ? "" : byCode(code).map(Division::label).orElse(code);
    }

    /**
     * A text with the division codes in it (a street's 9 digits, a community's 12) said by name: what an audit record
     * written for machines ("来访登记 410105001001") reads as for people ("来访登记 经八路第一社区").
     */
    default String namingCodesIn(String text) {
        if (text == null) {
            return null;
        }
        return java.util.regex.Pattern.compile("(?<!\\d)(\\d{12}|\\d{9})(?!\\d)").matcher(text)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(nameOf(m.group(1))));
    }

    /** The division's own name, or the code when unknown. */
    default String nameOf(String code) {
        return code == null ? "" : byCode(code).map(Division::name).orElse(code);
    }
}
