package org.citybrain.platform.pages;

import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The half of a two-language message that belongs on the page. The services' refusals carry both languages
 * ("体温应在34.0至43.0 °C之间 / a body temperature lies between…") because an API client may want either; a page
 * shows only its own language. Pages call {@code ${@say.inPage(text)}}.
 */
@Component("say")
public class InLanguage {

    private static final String SEPARATOR = " / ";

    public String inPage(String bilingual) {
        return of(bilingual, LocaleContextHolder.getLocale());
    }

    /**
     * The Chinese half before " / ", the English half after it; a text without such a pair as it is. The pair's
     * separator is the first " / " with Chinese before it and a non-Chinese character right after it: an English
     * half may quote a Chinese name ("no place is called “火星”"), but it starts in English.
     */
    public static String of(String bilingual, Locale locale) {
        if (bilingual == null) {
            return null;
        }
        for (int at = bilingual.indexOf(SEPARATOR); at >= 0; at = bilingual.indexOf(SEPARATOR, at + 1)) {
            String first = bilingual.substring(0, at);
            String second = bilingual.substring(at + SEPARATOR.length());
            if (hasHan(first) && !second.isEmpty() && !isHan(second.codePointAt(0))) {
                return "en".equals(locale.getLanguage()) ? second.strip() : first.strip();
            }
        }
        return bilingual;
    }

    private static boolean isHan(int c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean hasHan(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
