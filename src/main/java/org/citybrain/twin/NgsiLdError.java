package org.citybrain.twin;

/**
 * An NGSI-LD error, answered as a ProblemDetails document with the standard error type
 * ({@code https://uri.etsi.org/ngsi-ld/errors/<Type>}).
 */
public class NgsiLdError extends RuntimeException {

    public enum Type {
        InvalidRequest(400), BadRequestData(400), AlreadyExists(409), OperationNotSupported(422), ResourceNotFound(404),
        InternalError(500), TooComplexQuery(403), TooManyResults(403), LdContextNotAvailable(503), NonexistentTenant(404),
        UnsupportedMediaType(415), NotAcceptable(406);

        private final int status;

        Type(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        public String uri() {
            return "https://uri.etsi.org/ngsi-ld/errors/" + name();
        }
    }

    private final Type type;

    public NgsiLdError(Type type, String detail) {
        super(detail);
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
