package org.citybrain.datahub.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.citybrain.city.Divisions;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The first rows of a sample as the current mapping makes them: what the bureau looks at before publishing a mapping
 * or loading a department's first file. Nothing is stored.
 */
@Component
class MappingPreview {

    record Row(long number, Map<String, String> source, ObjectNode mapped, String key, List<RowMapping.Problem> problems) {
    }

    record Preview(String sourceId, int mappingVersion, List<String> header, List<Row> rows, String refusedBecause) {
    }

    private final Sources sources;
    private final HubRecords records;
    private final Divisions divisions;
    private final CityTime time;

    MappingPreview(Sources sources, HubRecords records, Divisions divisions, CityTime time) {
        this.sources = sources;
        this.records = records;
        this.divisions = divisions;
        this.time = time;
    }

    Preview preview(CurrentUser user, String sourceId, InputStream sample, int rows) throws IOException {
        Action.READ_DATA_SOURCES.demand(user);
        Sources.Source source = sources.require(sourceId);
        Sources.MappingVersion version = sources.current(sourceId)
                .orElseThrow(() -> new InvalidStandardValue("mapping", "该数据源还没有发布映射 / the source has no published mapping yet"));
        RowMapping mapping = new RowMapping(version.mapping(), divisions, time.zone());
        List<Row> out = new ArrayList<>();
        try (RowReader reader = Loading.reader(source, sample)) {
            SourceRow row;
            while (out.size() < rows && (row = reader.next()) != null) {
                RowMapping.Mapped m = mapping.map(row);
                out.add(new Row(m.number(), row.fields(), records.asJson(m.values()), m.key(), m.problems()));
            }
            // asked after the rows: a spreadsheet knows its header only once it has read up to it
            List<String> header = reader instanceof WithHeader withHeader ? withHeader.header() : List.of();
            return new Preview(sourceId, version.version(), header, out, null);
        } catch (RefusedDelivery e) {
            return new Preview(sourceId, version.version(), List.of(), out, e.getMessage());
        }
    }
}
