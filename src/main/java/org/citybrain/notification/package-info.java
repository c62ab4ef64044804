/**
 * Notices to citizens (消息通知): what happened to her application or her child's enrollment, kept in her message box
 * and sent to her registered mobile through the city's SMS gateway. A notice is written in the transaction of what it
 * tells, once per reference, and sent afterwards by whichever node claims it; a gateway that fails is tried again.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notices")
package org.citybrain.notification;
