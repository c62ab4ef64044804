package org.citybrain.datahub.internal;

import java.util.List;

/** A delivery with a header row (CSV, a spreadsheet): the run checks that the mapped columns are in it before loading. */
interface WithHeader {

    List<String> header();
}
