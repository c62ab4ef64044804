package org.citybrain.flood.internal;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.notification.Notices;
import org.citybrain.population.Residency;
import org.springframework.stereotype.Component;

/**
 * Warning the residents of a community at risk (the plan's "warn residents" action): a notice to each registered
 * resident, which the notification module keeps in her message box and sends by SMS through the city's gateway. One
 * notice per task and resident (its reference), so a task run twice tells nobody twice.
 */
@Component
class ResidentWarnings {

    private static final int PAGE = 1_000;

    private final Residency residency;
    private final Notices notices;

    ResidentWarnings(Residency residency, Notices notices) {
        this.residency = residency;
        this.notices = notices;
    }

    /** Tells every resident of the community; returns how many were told. */
    int warn(long taskId, String communityCode, String communityName, EmergencyResponses.Response response) {
        String zh = "【防汛预警】" + response.scope().name() + "已启动防汛" + response.roman() + "级应急响应。" + communityName
                + "附近有易积水点：请勿进入下穿隧道、地下通道和地下室，车辆不要驶入积水路段，留意社区通知。";
        String en = "[Flood warning] " + response.scope().name() + " has started a level " + response.roman() + " flood response. " + communityName
                + " lies near waterlogging spots: keep out of underpasses, subways and basements, do not drive into standing water, and follow your community's notices.";
        int told = 0;
        long after = 0;
        while (true) {
            List<Long> ids = residency.residentIdsIn(communityCode, after, PAGE);
            if (ids.isEmpty()) {
                return told;
            }
            List<Notices.Notice> batch = new ArrayList<>(ids.size());
            for (long id : ids) {
                batch.add(new Notices.Notice(id, "flood-task-" + taskId + "-" + id, zh, en, "/messages"));
            }
            notices.tellAll(batch);
            told += ids.size();
            after = ids.getLast();
        }
    }
}
