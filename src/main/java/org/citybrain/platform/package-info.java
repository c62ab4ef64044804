/**
 * What every page and API shares: the layout and home page, language switching (zh-CN first, English),
 * error answers as RFC 9457 problem details naming the field, and the OpenAPI description.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.citybrain.platform;
