/**
 * The data hub (数据打通), as a city's big-data bureau runs it: department and outside feeds brought in as
 * <em>sources</em> (files uploaded or dropped into a watched folder, records pushed to the API), each with a versioned
 * <em>mapping</em> declared as data (fields, transformations, validation by national standard, match keys), loaded by
 * <em>runs</em> that stream, show their progress and end with a quality report; the rows a run refused are kept to be
 * corrected and resubmitted. Loaded records land in the hub's datasets, in the digital twin (every value with its
 * lineage) and in the modules that take them ({@link org.citybrain.datahub.RecordSink}: rail arrivals become health
 * facts). The catalogue lists every dataset the city holds, with owner, fields, sharing class and quality, and exports
 * it as DCAT 3.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Data hub")
package org.citybrain.datahub;
