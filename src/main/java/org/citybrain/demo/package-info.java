/**
 * The demo city: a generated Zhengzhou, deterministic by seed and sized by the number of residents. Real
 * districts (GB/T 2260 codes) at their approximate places, real street and township names, real main roads,
 * hospitals and stations; communities, compounds, buildings, households, residents (valid GB 11643 numbers),
 * enterprises (valid GB 32100 credit codes), schools with catchments, checkpoints, exactly 51
 * waterlogging-prone spots, intersections and road segments. It writes only through the other modules' loaders.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo city")
package org.citybrain.demo;
