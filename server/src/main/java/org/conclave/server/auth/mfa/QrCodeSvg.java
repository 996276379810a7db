package org.conclave.server.auth.mfa;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * Draws a QR code (ZXing) as a small SVG document: one path of unit squares on a white background,
 * with a four-module quiet zone. Colours are presentation attributes, not style, so the image obeys
 * a Content-Security-Policy without 'unsafe-inline'.
 */
final class QrCodeSvg {

  private QrCodeSvg() {}

  static String render(String text) {
    BitMatrix m;
    try {
      m =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.CHARACTER_SET,
                      "UTF-8",
                      EncodeHintType.MARGIN,
                      4));
    } catch (WriterException e) {
      throw new IllegalArgumentException("Text too long for a QR code", e);
    }
    int w = m.getWidth();
    int h = m.getHeight();
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (m.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" \
        shape-rendering="crispEdges" role="img"><rect width="%d" height="%d" fill="#ffffff"/>\
        <path fill="#000000" d="%s"/></svg>
        """
        .formatted(w, h, w * 6, h * 6, w, h, path);
  }
}
