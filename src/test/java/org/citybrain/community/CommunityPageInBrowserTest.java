package org.citybrain.community;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** A citizen registers her household on the page; her community worker confirms it on his. */
@CityBrainTest
class CommunityPageInBrowserTest extends BrowserTest {

    @Test
    void aHouseholdRegisteredOnThePageIsConfirmedByTheWorker() {
        signIn("citizen-login", "410105198805120019");
        browser.findElement(By.id("tile-community")).click();
        var names = browser.findElements(By.cssSelector("#household input[name=name]"));
        var relations = browser.findElements(By.cssSelector("#household input[name=relation]"));
        names.get(0).sendKeys("张明");
        relations.get(0).sendKeys("户主");
        names.get(1).sendKeys("张小明");
        relations.get(1).sendKeys("子");
        browser.findElements(By.cssSelector("#household input[name=away]")).get(1).click();
        browser.findElement(By.cssSelector("#household button")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("mine")).getText()).contains("家庭登记").contains("待确认");

        signIn("jinshui.worker");
        open("/community");
        var card = browser.findElements(By.cssSelector("div.card[id^=registration-]")).stream()
                .filter(c -> c.getText().contains("张小明")).findFirst().orElseThrow();
        assertThat(card.getText()).contains("张小明 · 子 不在家");
        card.findElement(By.cssSelector("button[value=confirm]")).click();
        awaitNotice();
        assertThat(browser.getPageSource()).doesNotContain("张小明");
    }
}
