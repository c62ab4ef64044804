package org.citybrain.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The generate command's progress line: what an operator watching a 10-million-resident run sees. */
class ProgressBarTest {

    @Test
    void showsPercentageRowsAndRate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GenerateCommand.ProgressBar bar = new GenerateCommand.ProgressBar(1_000, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        bar.advance(250);
        bar.advance(250);
        bar.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        String last = out.substring(out.lastIndexOf('\r') + 1);
        assertThat(last).contains(" 50%").contains("500 rows").contains("rows/s").contains("[###############...............]");
    }
}
