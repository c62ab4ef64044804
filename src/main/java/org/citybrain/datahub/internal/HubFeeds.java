package org.citybrain.datahub.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

import org.citybrain.datahub.Feeds;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.Jurisdiction;
import org.citybrain.identity.Role;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Feeds declared on the bureau's behalf, through the same activities (and checks) as its own pages and API. */
@Component
class HubFeeds implements Feeds {

    private final Sources sources;
    private final Catalogue catalogue;
    private final Inbox inbox;
    private final Loading loading;
    private final JsonMapper json;
    private final String cityDivision;

    HubFeeds(Sources sources, Catalogue catalogue, Inbox inbox, Loading loading, JsonMapper json,
             @org.springframework.beans.factory.annotation.Value("${citybrain.city.division:410100}") String cityDivision) {
        this.cityDivision = cityDivision;
        this.sources = sources;
        this.catalogue = catalogue;
        this.inbox = inbox;
        this.loading = loading;
        this.json = json;
    }

    @Override
    @Transactional
    public void declare(JsonNode declaration, String by) {
        CurrentUser bureau = bureau(by);
        Sources.SourceDefinition d = json.treeToValue(declaration.get("source"), Sources.SourceDefinition.class);
        Sources.Source source = sources.define(bureau, d);
        JsonNode mapping = declaration.get("mapping");
        Optional<Sources.MappingVersion> current = sources.current(source.id());
        if (current.isEmpty() || !current.get().document().equals(mapping)) {
            sources.publish(bureau, source.id(), mapping);
        }
        if (declaration.has("dataset")) {
            catalogue.describe(bureau, source.datasetId(), json.treeToValue(declaration.get("dataset"), Catalogue.Description.class));
        }
    }

    @Override
    public long push(String sourceId, java.util.List<JsonNode> records, String idempotencyKey, String by) {
        Runs.Run run = loading.push(bureau(by), sourceId, json.valueToTree(records), idempotencyKey);
        return run.rowsAccepted();
    }

    private CurrentUser bureau(String by) {
        return new CurrentUser(0, by, by, EnumSet.of(Role.DATA_BUREAU_ADMIN), Jurisdiction.of(new org.citybrain.standards.DivisionCode(cityDivision)), "大数据管理局");
    }

    @Override
    public Path inbox(String sourceId) {
        return inbox.folder(sourceId);
    }
}
