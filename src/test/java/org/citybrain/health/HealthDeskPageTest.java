package org.citybrain.health;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The officials' pages answer within the jurisdiction and refuse outside it, with a page, not a stack trace. */
@CityBrainTest
class HealthDeskPageTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theDeskListsRiskAreasAndAPersonsChainIsRefusedOutsideTheJurisdiction() {
        CityBrainClient worker = CityBrainClient.basic(port, "erqi.worker", "citybrain");
        var desk = worker.get("/health/desk", "text/html");
        assertThat(desk.status()).isEqualTo(200);
        assertThat(desk.body()).contains("鹤山区 · 鹤壁市 · 河南省").contains("410602");
        long jinshuiResident = jdbc.queryForObject("select min(id) from resident where community_code = '410105001001'", Long.class);
        var chain = worker.get("/loops/people/" + jinshuiResident, "text/html");
        assertThat(chain.status()).isEqualTo(404); // outside the jurisdiction a person does not exist (population's rule)
        assertThat(chain.body()).contains("id=\"refusal\"").doesNotContain("Exception");
        assertThat(CityBrainClient.basic(port, "410103199209030027", "citybrain").get("/health/desk", "text/html").status()).isEqualTo(403);
        assertThat(worker.get("/loops", "text/html").body()).contains("闭环管理");
    }
}
