package org.citybrain.platform.pages;

import java.util.Arrays;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Links back to the page being shown with one parameter changed: the language switch and the pager keep the page and
 * all its other parameters (an entity's id, a search's name), and the view switch turns large text on or off.
 * Pages call {@code ${@links.with('page', 2)}}.
 */
@Component("links")
public class PageLinks {

    private final long kioskIdleSeconds;

    public PageLinks(@org.springframework.beans.factory.annotation.Value("${citybrain.kiosk.idle:PT90S}") java.time.Duration kioskIdle) {
        this.kioskIdleSeconds = kioskIdle.toSeconds();
    }

    /** On a kiosk, the seconds after which a session without a touch ends (nothing of the last citizen stays); else null. */
    public String kioskIdle() {
        return kiosk() ? String.valueOf(kioskIdleSeconds) : null;
    }

    /** The cookie that remembers large text and high contrast (适老化 mode). */
    public static final String VIEW_COOKIE = "citybrain-view";
    /** Set on the request that switched the view, so the page it answers already shows the new choice. */
    public static final String VIEW_ATTRIBUTE = PageLinks.class.getName() + ".view";

    /** This page's address with a parameter set (or removed with null), relative to the server. */
    public String with(String name, Object value) {
        HttpServletRequest request = request();
        if (request == null) {
            return "/";
        }
        String path = request.getRequestURI();
        String query = request.getQueryString();
        String current = request.getHeader("HX-Current-URL");
        if (current != null && request.getHeader("HX-Request") != null) {
            // An htmx part of a page: the links belong to the page the reader sees (its path only, never another host).
            try {
                URI u = URI.create(current);
                path = u.getRawPath();
                query = u.getRawQuery();
            } catch (IllegalArgumentException e) {
                // keep the request's own address
            }
        }
        StringJoiner q = new StringJoiner("&");
        if (query != null) {
            for (String pair : query.split("&")) {
                String key = URLDecoder.decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair, StandardCharsets.UTF_8);
                if (!pair.isEmpty() && !key.equals(name)) {
                    q.add(pair);
                }
            }
        }
        if (value != null) {
            q.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
        }
        return (path == null || path.isEmpty() ? "/" : path) + (q.length() == 0 ? "" : "?" + q);
    }

    /** The same page in another language. */
    public String inLanguage(String lang) {
        return with("lang", lang);
    }

    /** This page with large text switched the other way. */
    public String viewSwitch() {
        return with("view", largeText() ? "standard" : "large");
    }

    /**
     * The cookie a self-service kiosk (自助一体机) carries: its pages are in large type, and a session on it ends after
     * inactivity. Set by the kiosk's start page, {@code /kiosk}.
     */
    public static final String KIOSK_COOKIE = "citybrain-kiosk";

    /** True on a kiosk. */
    public boolean kiosk() {
        HttpServletRequest request = request();
        Cookie[] cookies = request == null ? null : request.getCookies();
        return request != null && (request.getAttribute(KIOSK_COOKIE) != null
                || cookies != null && Arrays.stream(cookies).anyMatch(c -> KIOSK_COOKIE.equals(c.getName()) && "1".equals(c.getValue())));
    }

    /** True when the reader switched on large text and high contrast, and always on a kiosk. */
    public boolean largeText() {
        HttpServletRequest request = request();
        if (request == null) {
            return false;
        }
        if (kiosk()) {
            return true;
        }
        Object set = request.getAttribute(VIEW_ATTRIBUTE);
        if (set != null) {
            return "large".equals(set);
        }
        Cookie[] cookies = request.getCookies();
        return cookies != null && Arrays.stream(cookies).anyMatch(c -> VIEW_COOKIE.equals(c.getName()) && "large".equals(c.getValue()));
    }

    /** The page the reader came from, when it is one of ours (the Referer's path; another site's address is never offered). */
    public static String cameFrom(HttpServletRequest request) {
        String referer = request.getHeader("Referer");
        if (referer == null) {
            return null;
        }
        try {
            URI u = URI.create(referer);
            if (u.getHost() == null || !u.getHost().equalsIgnoreCase(request.getServerName()) || u.getRawPath() == null
                    || !u.getRawPath().startsWith("/") || u.getRawPath().startsWith("//")) {
                return null;
            }
            return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a ? a.getRequest() : null;
    }
}
