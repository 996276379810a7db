package org.conclave.loadtest.media;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The media benchmark's chart, drawn with Java2D and written as PNG with ImageIO (headless, no
 * dependency): one panel per scenario, its steps across, the SFU's CPU time per forwarded packet
 * (µs) up, one line per target, each target's knee in the panel's title. Stateless.
 */
final class MediaChart {

  private static final int PANEL_WIDTH = 560;
  private static final int PANEL_HEIGHT = 340;
  private static final int COLUMNS = 2;
  private static final int MARGIN_LEFT = 64;
  private static final int MARGIN_RIGHT = 20;
  private static final int MARGIN_TOP = 44;
  private static final int MARGIN_BOTTOM = 46;
  private static final int TITLE_HEIGHT = 36;
  private static final Map<String, Color> COLORS =
      Map.of("conclave", new Color(0x1f77b4), "janus", new Color(0xff7f0e));

  private MediaChart() {}

  /** Draws every scenario of {@code all} (its results per target) into {@code file}. */
  static void write(Path file, Map<MediaScenario, Map<String, List<StepResult>>> all)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int rows = (all.size() + COLUMNS - 1) / COLUMNS;
    int width = PANEL_WIDTH * Math.min(COLUMNS, all.size());
    int height = TITLE_HEIGHT + PANEL_HEIGHT * rows;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString("SFU CPU time per forwarded packet (µs; lower is better)", 12, 24);
      int i = 0;
      for (Map.Entry<MediaScenario, Map<String, List<StepResult>>> e : all.entrySet()) {
        int x = (i % COLUMNS) * PANEL_WIDTH;
        int y = TITLE_HEIGHT + (i / COLUMNS) * PANEL_HEIGHT;
        panel(g, x, y, e.getKey(), e.getValue());
        i++;
      }
    } finally {
      g.dispose();
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer in this JDK");
    }
  }

  private static void panel(
      Graphics2D g,
      int x0,
      int y0,
      MediaScenario scenario,
      Map<String, List<StepResult>> byTarget) {
    int left = x0 + MARGIN_LEFT;
    int right = x0 + PANEL_WIDTH - MARGIN_RIGHT;
    int top = y0 + MARGIN_TOP;
    int bottom = y0 + PANEL_HEIGHT - MARGIN_BOTTOM;
    int maxStep = 1;
    double maxMicros = 0;
    for (List<StepResult> rs : byTarget.values()) {
      for (StepResult r : rs) {
        maxStep = Math.max(maxStep, r.step());
        if (!Double.isNaN(r.cpuNanosPerPacket())) {
          maxMicros = Math.max(maxMicros, r.cpuNanosPerPacket() / 1e3);
        }
      }
    }
    double yMax = niceCeiling(maxMicros);

    StringBuilder title = new StringBuilder(scenario.name).append(": knee");
    for (Map.Entry<String, List<StepResult>> t : byTarget.entrySet()) {
      StepResult k = MediaBench.kneeOf(t.getValue());
      title.append(' ').append(t.getKey()).append(' ').append(k == null ? "none" : k.step());
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title.toString(), left, y0 + 24);

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));
    for (int k = 0; k <= 4; k++) {
      double v = yMax * k / 4;
      int y = bottom - (int) Math.round((bottom - top) * (double) k / 4);
      g.setColor(new Color(0xdddddd));
      g.drawLine(left, y, right, y);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v);
      g.drawString(label, left - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
    g.setColor(Color.BLACK);
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    for (List<StepResult> rs : byTarget.values()) {
      for (StepResult r : rs) {
        int x = xOf(r.step(), maxStep, left, right);
        String label = String.valueOf(r.step());
        g.drawLine(x, bottom, x, bottom + 4);
        g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 6 + fm.getAscent());
      }
    }
    String axis = scenario.variable;
    g.drawString(axis, (left + right - fm.stringWidth(axis)) / 2, bottom + 34);

    int legend = 0;
    for (Map.Entry<String, List<StepResult>> t : byTarget.entrySet()) {
      Color c = COLORS.getOrDefault(t.getKey(), Color.GRAY);
      g.setColor(c);
      g.setStroke(new BasicStroke(2.5f));
      int px = -1;
      int py = -1;
      for (StepResult r : t.getValue()) {
        if (Double.isNaN(r.cpuNanosPerPacket())) {
          continue;
        }
        int x = xOf(r.step(), maxStep, left, right);
        int y = bottom - (int) Math.round((bottom - top) * (r.cpuNanosPerPacket() / 1e3) / yMax);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        g.fillOval(x - 4, y - 4, 8, 8);
        px = x;
        py = y;
      }
      g.drawString(t.getKey(), right - 90, top + 14 + 16 * legend++);
    }
  }

  private static int xOf(int step, int maxStep, int left, int right) {
    return left + (int) Math.round((right - left - 10) * (double) step / maxStep);
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v} (and at least 1). */
  static double niceCeiling(double v) {
    if (!(v > 1)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
