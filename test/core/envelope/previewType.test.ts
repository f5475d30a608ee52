import { describe, expect, it } from "@jest/globals";
import { previewType } from "@cairn/core/envelope";

describe("previewType", () => {
  it("allows raster images and video containers, under their canonical type", () => {
    expect(previewType("image/png")).toEqual({ type: "image/png", kind: "image" });
    expect(previewType("IMAGE/JPEG; foo=bar")).toEqual({ type: "image/jpeg", kind: "image" });
    expect(previewType("video/webm")).toEqual({ type: "video/webm", kind: "video" });
  });

  it("makes everything that can carry script, and anything unknown, download-only", () => {
    for (const type of [
      "image/svg+xml",
      "image/svg+xml; charset=utf-8",
      "text/html",
      "application/xhtml+xml",
      "text/xml",
      "application/xml",
      "application/pdf",
      "image/x-unknown",
      "video/x-flv",
      "",
      "constructor",
      "__proto__",
    ]) {
      expect(previewType(type)).toBeNull();
    }
  });
});
