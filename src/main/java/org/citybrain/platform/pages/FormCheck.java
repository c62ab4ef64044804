package org.citybrain.platform.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.citybrain.standards.InvalidStandardValue;

/**
 * Reads a form's fields one by one and keeps every refusal instead of stopping at the first, so the error summary
 * lists all of a form's problems at once (GOV.UK: "list all errors"). A field's reader returns null when it refused.
 *
 * <pre>{@code
 * FormCheck check = new FormCheck();
 * Division from = check.read(() -> divisions.resolve("origin", origin, Scope.NATIONAL));
 * Instant arrived = check.read(() -> time.requiredInput("arrivedAt", arrivedAt, "请填写到达时间 / enter when you arrived"));
 * if (check.passed()) { ... } else { FormReply.flash(redirect, "declare-trip", request, check.problems(), Map.of()); }
 * }</pre>
 */
public final class FormCheck {

    private final List<InvalidStandardValue> problems = new ArrayList<>();

    public <T> T read(Supplier<T> field) {
        try {
            return field.get();
        } catch (InvalidStandardValue e) {
            problems.add(e);
            return null;
        }
    }

    /** Runs the action the fields were read for, when they all passed; its own refusal joins the others. */
    public boolean act(Runnable action) {
        if (!passed()) {
            return false;
        }
        read(() -> {
            action.run();
            return Boolean.TRUE;
        });
        return passed();
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    public List<InvalidStandardValue> problems() {
        return List.copyOf(problems);
    }
}
