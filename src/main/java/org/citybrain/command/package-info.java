/**
 * The command centre's view of the whole city (城市大脑指挥中心): counts per district and a map of the city
 * drawn from the city model's own geometry. It reads other modules' published APIs and owns no data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Command centre")
package org.citybrain.command;
