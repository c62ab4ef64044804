package org.citybrain.datahub;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub's pages answer every role the permission model allows, in both languages. */
@CityBrainTest
class DataHubPagesTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theBureausPagesShowSourcesRunsAndTheCatalogue() throws Exception {
        CityBrainClient bureau = CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (jdbc.queryForObject("select count(*) from hub_run where source_id = 'railway-arrivals' and status <> 'RUNNING'", Long.class) == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        long run = jdbc.queryForObject("select max(id) from hub_run where source_id = 'railway-arrivals'", Long.class);
        for (String lang : new String[]{"zh_CN", "en"}) {
            for (String path : new String[]{"/datahub", "/datahub/sources/railway-arrivals", "/datahub/catalogue", "/datahub/catalogue?q=railway",
                    "/datahub/catalogue/housing-owners", "/datahub/catalogue/residents", "/datahub/runs/" + run, "/datahub/runs/" + run + "/progress"}) {
                var page = bureau.get(path + (path.contains("?") ? "&" : "?") + "lang=" + lang, "text/html");
                assertThat(page.status()).as(path + " " + lang + ": " + page.body()).isEqualTo(200);
                if (path.startsWith("/datahub/runs/") && !path.endsWith("progress")) {
                    // the report and each rejected row, with a form to correct it
                    assertThat(page.body()).contains("id=\"rejected-by-field\"").contains("id=\"row-").contains("f.证件号码");
                }
            }
        }
    }
}
