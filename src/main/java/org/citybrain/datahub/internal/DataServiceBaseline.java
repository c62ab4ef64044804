package org.citybrain.datahub.internal;

import java.util.Arrays;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The data service's query without its grant checks, receipts and audit: only for bench/sharing.sh, which measures
 * what the checks cost against it in the same run. It serves any hub dataset to anyone, so it exists only where
 * {@code citybrain.datahub.sharing.bench-baseline=true} is set, never in a deployment.
 */
@RestController
@ConditionalOnProperty(name = "citybrain.datahub.sharing.bench-baseline", havingValue = "true")
class DataServiceBaseline {

    private final DataService service;

    DataServiceBaseline(DataService service) {
        this.service = service;
    }

    @Performs(Action.CALL_DATA_SERVICE)
    @GetMapping("/api/share/v1/baseline/datasets/{datasetId}/records")
    ResponseEntity<byte[]> records(@PathVariable String datasetId, @RequestParam String fields, @RequestParam(required = false) String division,
                                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(service.readUnchecked(datasetId, Arrays.stream(fields.split(",")).map(String::strip).toList(), division, page, size));
    }
}
