import { describe, expect, it } from "@jest/globals";
import * as core from "@cairn/core";

/** Every error class core exports: minifiers rename classes, so each one must set `name` itself. */
const errorClasses = Object.entries(core).filter(
  (entry): entry is [string, typeof core.CairnError] =>
    typeof entry[1] === "function" && (entry[1] === core.CairnError || entry[1].prototype instanceof core.CairnError),
);

describe("error names", () => {
  it("finds the error classes", () => {
    expect(errorClasses.length).toBeGreaterThan(60);
  });

  it.each(errorClasses)("%s hard-codes its name", (exportName, ErrorClass) => {
    expect(String(ErrorClass)).toContain(`name = "${exportName}"`);
  });
});
