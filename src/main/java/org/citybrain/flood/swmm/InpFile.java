package org.citybrain.flood.swmm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An EPA SWMM 5 input file ({@code .inp}) as its sections and rows, exactly as the engineer wrote them: every section
 * is kept, those the engine reads and those it does not (water quality, tags, the map), in their order, so that a
 * model brought in is written out again with nothing lost. The layout is the one the SWMM 5 user's manual (Appendix D,
 * "Command Line SWMM") describes: a section starts with its name in brackets, a row's values are separated by spaces
 * or tabs, a value with spaces is in double quotes, and everything after a semicolon is a comment.
 *
 * <p>Written by hand, not with a library: no Java library for SWMM's format is kept on a registry we reach.
 */
public record InpFile(List<Section> sections) {

    /** One section: its name as written ({@code [Polygons]} stays so), its rows in order. */
    public record Section(String name, List<Row> rows) {

        /** The rows that carry values (comment-only rows are kept for writing, skipped for reading). */
        public List<Row> dataRows() {
            return rows.stream().filter(r -> !r.values().isEmpty()).toList();
        }
    }

    /**
     * One row: its values, and the comment after them (without the semicolon; null when none). The title section's
     * rows are free text: each is one value, the whole line.
     */
    public record Row(int line, List<String> values, String comment) {

        public String value(int i) {
            return i < values.size() ? values.get(i) : "";
        }

        public int size() {
            return values.size();
        }

        /** The i-th value as a number; refused naming the line and what the value is when it is not one. */
        public double number(int i, String what) {
            double v;
            try {
                v = Double.parseDouble(value(i));
            } catch (NumberFormatException e) {
                throw new InpError(line, what + " is not a number: '" + value(i) + "'");
            }
            // Java reads "NaN" and "Infinity" as numbers; a model's quantity is neither
            if (!Double.isFinite(v)) {
                throw new InpError(line, what + " is not a finite number: '" + value(i) + "'");
            }
            return v;
        }
    }

    public static InpFile read(Reader in) {
        List<Section> sections = new ArrayList<>();
        String name = null;
        List<Row> rows = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(in)) {
            int n = 0;
            for (String line; (line = lines.readLine()) != null; ) {
                n++;
                String trimmed = line.strip();
                if (trimmed.startsWith("[")) {
                    int close = trimmed.indexOf(']');
                    if (close < 0) {
                        throw new InpError(n, "a section name without its closing bracket: " + trimmed);
                    }
                    if (name != null) {
                        sections.add(new Section(name, List.copyOf(rows)));
                    }
                    name = trimmed.substring(1, close).strip();
                    rows = new ArrayList<>();
                    continue;
                }
                if (name == null) {
                    if (trimmed.isEmpty() || trimmed.startsWith(";")) {
                        continue;
                    }
                    throw new InpError(n, "a value before the first [SECTION]");
                }
                if (name.equalsIgnoreCase("TITLE")) {
                    if (trimmed.startsWith(";;")) {
                        rows.add(new Row(n, List.of(), trimmed.substring(2)));
                    } else if (!trimmed.isEmpty()) {
                        rows.add(new Row(n, List.of(line.stripTrailing()), null));
                    }
                    continue;
                }
                Row row = parse(n, line);
                if (!row.values().isEmpty() || row.comment() != null) {
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (name != null) {
            sections.add(new Section(name, List.copyOf(rows)));
        }
        return new InpFile(List.copyOf(sections));
    }

    private static Row parse(int n, String line) {
        List<String> values = new ArrayList<>();
        String comment = null;
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        boolean inValue = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                } else {
                    value.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inValue = true;
            } else if (c == ';') {
                comment = line.substring(i + 1).stripTrailing();
                break;
            } else if (Character.isWhitespace(c)) {
                if (inValue) {
                    values.add(value.toString());
                    value.setLength(0);
                    inValue = false;
                }
            } else {
                value.append(c);
                inValue = true;
            }
        }
        if (quoted) {
            throw new InpError(n, "a quoted value without its closing quote");
        }
        if (inValue) {
            values.add(value.toString());
        }
        return new Row(n, List.copyOf(values), comment);
    }

    /** The section of that name, whatever its case ({@code [Polygons]} and {@code [POLYGONS]} are one). */
    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The data rows of a section; none when the file has no such section. */
    public List<Row> rows(String name) {
        return section(name).map(Section::dataRows).orElse(List.of());
    }

    /** The [OPTIONS] as keyword → value, keywords in upper case. */
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        for (Row r : rows("OPTIONS")) {
            options.put(r.value(0).toUpperCase(Locale.ROOT), r.size() > 1 ? String.join(" ", r.values().subList(1, r.size())) : "");
        }
        return options;
    }

    /** The file with one option set (replacing its row in [OPTIONS], or added at its end); the rest as it was. */
    public InpFile withOption(String keyword, String value) {
        Row row = new Row(0, List.of(keyword, value), null);
        List<Section> out = new ArrayList<>();
        boolean found = false;
        for (Section s : sections) {
            if (!s.name().equalsIgnoreCase("OPTIONS")) {
                out.add(s);
                continue;
            }
            List<Row> rows = new ArrayList<>();
            boolean set = false;
            for (Row r : s.rows()) {
                if (!r.values().isEmpty() && r.value(0).equalsIgnoreCase(keyword)) {
                    rows.add(new Row(r.line(), row.values(), r.comment()));
                    set = true;
                } else {
                    rows.add(r);
                }
            }
            if (!set) {
                rows.add(row);
            }
            out.add(new Section(s.name(), rows));
            found = true;
        }
        if (!found) {
            out.add(0, new Section("OPTIONS", List.of(row)));
        }
        return new InpFile(out);
    }

    /**
     * The file in SWMM's layout: each section's name in brackets, values in columns 16 characters wide (17 for the
     * first, as SWMM writes them), comments kept. What {@link #read} reads back is these same sections and rows.
     */
    public String write() {
        StringBuilder out = new StringBuilder();
        for (Section s : sections) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append('[').append(s.name()).append("]\n");
            boolean title = s.name().equalsIgnoreCase("TITLE");
            for (Row r : s.rows()) {
                if (title) {
                    out.append(r.values().isEmpty() ? ";;" + r.comment() : r.value(0)).append('\n');
                    continue;
                }
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.size(); i++) {
                    String v = r.value(i);
                    String written = v.isEmpty() || v.chars().anyMatch(Character::isWhitespace) || v.indexOf(';') >= 0 ? '"' + v + '"' : v;
                    line.append(written);
                    if (i < r.size() - 1) {
                        int width = i == 0 ? 17 : 16;
                        int pad = Math.max(1, width - written.length());
                        line.append(" ".repeat(pad));
                    }
                }
                if (r.comment() != null) {
                    line.append(r.values().isEmpty() ? "" : " ").append(';').append(r.comment());
                }
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
