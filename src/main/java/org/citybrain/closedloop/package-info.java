/**
 * The closed loop of responsibility (责任闭环): a person flagged by the health code (a turn to yellow or red) is
 * assigned to the unit responsible for them — the community where they live and, when they work, their enterprise —
 * with a follow-up task (test, home visit, quarantine, hospital transfer) that stays open until closed with a result;
 * an overdue task escalates to the street, then to the district. Closing a task is a fact the health code hears.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Closed loop")
package org.citybrain.closedloop;
