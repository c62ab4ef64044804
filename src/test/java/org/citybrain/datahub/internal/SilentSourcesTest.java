package org.citybrain.datahub.internal;

import java.time.Duration;
import java.time.Instant;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** A source that delivers nothing for twice its expected interval raises one alert, shown to the bureau, until it delivers. */
@CityBrainTest
class SilentSourcesTest {

    @LocalServerPort
    int port;
    @Autowired
    SilentSources silence;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSourceThatGoesSilentRaisesOneAlert() {
        CityBrainClient bureau = CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
        assertThat(bureau.json("PUT", "/api/datahub/v1/sources/water-levels", """
                {"name": "河道水位", "provider": "郑州市水利局", "ownerUnit": "郑州市水利局", "kind": "PUSH", "format": "JSONL",
                 "expectedMinutes": 60, "datasetId": "water-levels"}""").status()).isEqualTo(200);
        assertThat(silence.check(Instant.now())).isZero();
        Instant later = Instant.now().plus(Duration.ofHours(3));
        assertThat(silence.check(later)).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from hub_source where id = 'water-levels' and silence_alerted_at is not null", Long.class)).isEqualTo(1);
        assertThat(silence.check(later)).isZero();
        assertThat(bureau.get("/datahub/sources/water-levels").body()).contains("id=\"silence\"");
    }
}
