package org.conclave.loadtest.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaChartTest {

  @TempDir Path dir;

  private static StepResult step(int step, double cpuNanosPerPacket) {
    return new StepResult(
        step,
        1,
        step,
        step,
        50,
        50 * step,
        1,
        0.1,
        cpuNanosPerPacket,
        1,
        0,
        0.5,
        1.5,
        1.9,
        0.05,
        0.3,
        0.9,
        0,
        100,
        100,
        0,
        0.2,
        0);
  }

  @Test
  void writesOnePanelPerScenarioAsPng() throws Exception {
    Map<MediaScenario, Map<String, List<StepResult>>> all = new LinkedHashMap<>();
    for (String name : MediaScenario.NAMES) {
      Map<String, List<StepResult>> byTarget = new LinkedHashMap<>();
      byTarget.put("conclave", List.of(step(2, 20_000), step(4, 12_000)));
      byTarget.put("janus", List.of(step(2, 30_000), step(4, 25_000)));
      all.put(MediaScenario.named(name), byTarget);
    }
    Path file = dir.resolve("docs/chart.png");

    MediaChart.write(file, all);

    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(Files.size(file)).isPositive();
    assertThat(image.getWidth()).isEqualTo(2 * 560);
    assertThat(image.getHeight()).isEqualTo(36 + 2 * 340);
  }

  @Test
  void niceCeilingRoundsUpToOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(MediaChart.niceCeiling(0)).isEqualTo(1);
    assertThat(MediaChart.niceCeiling(13)).isEqualTo(20);
    assertThat(MediaChart.niceCeiling(37)).isEqualTo(50);
    assertThat(MediaChart.niceCeiling(51)).isEqualTo(100);
  }
}
