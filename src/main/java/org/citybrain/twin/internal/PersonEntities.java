package org.citybrain.twin.internal;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.population.AccessPurpose;
import org.citybrain.population.Resident;
import org.citybrain.population.ResidentDirectory;
import org.citybrain.population.ResidentPage;
import org.citybrain.population.ResidentQuery;
import org.citybrain.twin.NgsiLdError;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Residents through the twin API as {@code Person} entities. They are not stored in the twin: each read goes to the
 * population module's {@link ResidentDirectory}, so the reader's jurisdiction, the masking of ID numbers and mobiles
 * and the audit record apply exactly as on every other path. The reader states a purpose in the
 * {@code CityBrain-Purpose} header.
 */
@Component
class PersonEntities {

    static final String PREFIX = "urn:ngsi-ld:Person:";
    static final String PURPOSE_HEADER = "CityBrain-Purpose";

    private final ResidentDirectory residents;
    private final JsonMapper json;

    PersonEntities(ResidentDirectory residents, JsonMapper json) {
        this.residents = residents;
        this.json = json;
    }

    static boolean isPerson(String id) {
        return id != null && id.toLowerCase(java.util.Locale.ROOT).startsWith(PREFIX.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Whether a type, however a context expanded it, names people: {@code Person} in CityBrain's context, in the core
     * context's default vocabulary, in schema.org or in any other. Protection follows the meaning, not one IRI.
     */
    static boolean isPersonType(String expandedType) {
        if (expandedType == null) {
            return false;
        }
        int cut = Math.max(expandedType.lastIndexOf('/'), Math.max(expandedType.lastIndexOf('#'), expandedType.lastIndexOf(':')));
        return expandedType.substring(cut + 1).equalsIgnoreCase("Person");
    }

    ObjectNode retrieve(String id, String purpose) {
        long residentId;
        try {
            residentId = Long.parseLong(id.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no entity " + id);
        }
        return entity(residents.get(residentId, purpose(purpose), false, null));
    }

    List<ObjectNode> query(String purpose, int offset, int limit, long[] total) {
        ResidentPage page = residents.search(new ResidentQuery(null, null, offset, Math.max(1, Math.min(limit, ResidentQuery.MAX_LIMIT))), purpose(purpose));
        total[0] = page.total();
        List<ObjectNode> out = new ArrayList<>();
        if (limit > 0) {
            page.residents().forEach(r -> out.add(entity(r)));
        }
        return out;
    }

    private static AccessPurpose purpose(String header) {
        if (header == null || header.isBlank()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, PURPOSE_HEADER + ": reading Person entities needs a purpose, one of "
                    + java.util.Arrays.toString(AccessPurpose.values()));
        }
        try {
            return AccessPurpose.valueOf(header.trim());
        } catch (IllegalArgumentException e) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, PURPOSE_HEADER + ": one of " + java.util.Arrays.toString(AccessPurpose.values()));
        }
    }

    /** In CityBrain's terms; compacted names are the same under its context. */
    private ObjectNode entity(Resident r) {
        ObjectNode e = json.createObjectNode();
        e.put("id", PREFIX + r.id());
        e.put("type", "Person");
        property(e, "name", r.name());
        property(e, "gender", r.gender());
        property(e, "birthDate", r.birthDate().toString());
        property(e, "idNumber", r.idNumber());
        if (r.mobile() != null) {
            property(e, "mobile", r.mobile());
        }
        property(e, "address", r.address());
        property(e, "divisionCode", r.communityCode());
        ObjectNode livesIn = e.putObject("livesIn");
        livesIn.put("type", "Relationship");
        livesIn.put("object", "urn:ngsi-ld:Community:" + r.communityCode());
        if (r.employerId() != null) {
            ObjectNode worksFor = e.putObject("worksFor");
            worksFor.put("type", "Relationship");
            worksFor.put("object", "urn:ngsi-ld:Enterprise:" + r.employerId());
        }
        return e;
    }

    private static void property(ObjectNode e, String name, String value) {
        ObjectNode p = e.putObject(name);
        p.put("type", "Property");
        p.put("value", value);
    }
}
