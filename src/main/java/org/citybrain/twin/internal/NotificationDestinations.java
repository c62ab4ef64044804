package org.citybrain.twin.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Where subscriptions may send notifications. A subscription makes CityBrain send HTTP requests to a URL its creator
 * chose: without a rule that is server-side request forgery (the creator reaches the metadata service, the database's
 * admin port, anything on CityBrain's own network). So an endpoint that resolves to a loopback, link-local, private
 * (RFC 1918, RFC 4193), carrier-grade NAT, multicast or unspecified address is refused, unless the operator lists its
 * address or range in {@code CITYBRAIN_NOTIFY_ALLOW} (comma-separated, e.g. {@code 10.20.0.0/16,192.168.5.7}). Checked
 * when the subscription is made and again before each delivery (the name may resolve elsewhere by then). Context
 * source registrations (federation) are held to the same rule.
 */
@Component
class NotificationDestinations {

    private static final IpAddressMatcher CARRIER_GRADE_NAT = new IpAddressMatcher("100.64.0.0/10");
    private static final IpAddressMatcher UNIQUE_LOCAL = new IpAddressMatcher("fc00::/7");
    private static final IpAddressMatcher THIS_NETWORK = new IpAddressMatcher("0.0.0.0/8");

    private final List<IpAddressMatcher> allowed;

    NotificationDestinations(@Value("${citybrain.twin.notification.allowed:}") String allowed) {
        this.allowed = Arrays.stream(allowed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(IpAddressMatcher::new).toList();
    }

    /** Null when CityBrain may notify this URI, else why not (for the subscriber, naming the field). */
    String refusal(URI uri) {
        return refusal(uri, "notification.endpoint.uri");
    }

    /**
     * Null when CityBrain may send requests to this URI, else why not, naming the request's field. Context sources
     * that queries are forwarded to are held to the same rule as notification endpoints.
     */
    String refusal(URI uri, String field) {
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return field + ": the endpoint has no host";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return field + ": the host " + host + " cannot be resolved";
        }
        for (InetAddress a : addresses) {
            if (internal(a) && allowed.stream().noneMatch(m -> m.matches(a.getHostAddress()))) {
                return field + ": " + host + " is an internal address (" + a.getHostAddress()
                        + "); the operator lists the internal endpoints allowed (CITYBRAIN_NOTIFY_ALLOW)";
            }
        }
        return null;
    }

    static boolean internal(InetAddress a) {
        String ip = a.getHostAddress();
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()
                || (a instanceof Inet6Address ? UNIQUE_LOCAL.matches(ip) : CARRIER_GRADE_NAT.matches(ip) || THIS_NETWORK.matches(ip));
    }
}
