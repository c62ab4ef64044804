package org.citybrain.platform.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.citybrain.standards.InvalidStandardValue;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What a refused form sends back to its page (the GOV.UK pattern): which form, the values the person typed, and
 * each problem with the form's own field it belongs to. The page shows an error summary at the top linking to each
 * field, the message at the field, and the typed values kept. A service names the field of its API
 * ({@code divisionCode}); the page maps it to the field of its form ({@code origin}) so the summary never names a
 * field the form does not have.
 *
 * <p>Pages get it as the model attribute {@code reply} (flashed across the redirect); {@link #NONE} otherwise.
 */
public record FormReply(String form, Map<String, String> values, List<Problem> problems, Map<String, List<String>> lists) {

    public FormReply(String form, Map<String, String> values, List<Problem> problems) {
        this(form, values, problems, Map.of());
    }

    /** One problem: the form's field and the message in the page's language. */
    public record Problem(String field, String message) {
    }

    public static final FormReply NONE = new FormReply("", Map.of(), List.of());

    /** Parameters never shown back: the CSRF token and the form's one-time key travel on their own. */
    private static final Set<String> NOT_KEPT = Set.of("_csrf", "formKey");

    /** A refusal of the form's values; {@code fields} maps the service's field names to the form's (API field → form field). */
    public static FormReply refused(String form, HttpServletRequest request, InvalidStandardValue refusal, Map<String, String> fields) {
        return refused(form, request, List.of(refusal), fields);
    }

    /** Several problems at once, each at its field, in the order of the form: what a page that checks every field sends back. */
    public static FormReply refused(String form, HttpServletRequest request, List<InvalidStandardValue> refusals, Map<String, String> fields) {
        Map<String, String> kept = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, v) -> {
            if (!NOT_KEPT.contains(name) && v.length > 0) {
                kept.put(name, v[0]);
                lists.put(name, List.of(v));
            }
        });
        List<Problem> problems = new ArrayList<>();
        for (InvalidStandardValue refusal : refusals) {
            String field = fields.getOrDefault(refusal.field(), refusal.field());
            problems.add(new Problem(field, InLanguage.of(refusal.getMessage(), org.springframework.context.i18n.LocaleContextHolder.getLocale())));
        }
        return new FormReply(form, Map.copyOf(kept), List.copyOf(problems), Map.copyOf(lists));
    }

    /** Flashes several problems to the page the redirect goes to. */
    public static void flash(RedirectAttributes redirect, String form, HttpServletRequest request, List<InvalidStandardValue> refusals, Map<String, String> fields) {
        redirect.addFlashAttribute("reply", refused(form, request, refusals, fields));
    }

    /** Flashes the refusal to the page the redirect goes to. */
    public static void flash(RedirectAttributes redirect, String form, HttpServletRequest request, InvalidStandardValue refusal, Map<String, String> fields) {
        redirect.addFlashAttribute("reply", refused(form, request, refusal, fields));
    }

    public boolean isFor(String f) {
        return form.equals(f);
    }

    /** The value typed into a field of this form, else the default the page offers. */
    public String value(String f, String field, String otherwise) {
        if (isFor(f) && values.containsKey(field)) {
            return values.get(field);
        }
        return otherwise;
    }

    public String value(String f, String field) {
        return value(f, field, "");
    }

    /** Every value sent for a field of several values (checkboxes); empty when none was checked. */
    public List<String> values(String field) {
        return lists.getOrDefault(field, List.of());
    }

    /** The problem at a field of this form, else null. */
    public String error(String f, String field) {
        if (!isFor(f)) {
            return null;
        }
        return problems.stream().filter(p -> p.field().equals(field)).map(Problem::message).findFirst().orElse(null);
    }

    public List<Problem> problemsOf(String f) {
        return isFor(f) ? problems : List.of();
    }
}
