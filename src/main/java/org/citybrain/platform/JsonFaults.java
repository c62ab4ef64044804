package org.citybrain.platform;

/** Where in a JSON body a value of the wrong type sits, as the request's own path ({@code members[2].name}). */
public final class JsonFaults {

    private JsonFaults() {
    }

    /** The path of the faulty value, or null when the body is not JSON at all. */
    public static String path(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof tools.jackson.core.JacksonException j && j.getPath() != null && !j.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (var r : j.getPath()) {
                    if (r.getPropertyName() != null) {
                        path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
                    } else {
                        path.append('[').append(r.getIndex()).append(']');
                    }
                }
                return path.isEmpty() ? null : path.toString();
            }
        }
        return null;
    }
}
