import assert from "node:assert/strict";
import { describe, it } from "node:test";
import hre from "hardhat";
import { deployCairn } from "../../scripts/contracts/deployCairn.js";
import { measureKeyDirectoryGas } from "../../scripts/contracts/measureGas.js";

/**
 * Upper bounds so gas regressions fail: the values measured in docs/BENCHMARKS.md plus a small
 * margin. Before keyRecordOf (the published block and key count, a second slot) and the
 * small-order check, publishKey cost 45,655 (first key) and 28,555 (replacement).
 */
const BOUNDS: Record<string, number> = {
  "publishKey (first key)": 68_200,
  "publishKey (replace key)": 34_000,
  "publishKeyWithBackup (first key, 81 B backup)": 162_100,
  "publishKey (replace a key that has a backup)": 34_000,
};

const rows = await measureKeyDirectoryGas(await deployCairn());
const row = (operation: string) => {
  const found = rows.find((r) => r.operation === operation);
  assert.ok(found, `no measurement named ${operation}`);
  return found;
};

// Coverage instrumentation changes gas: the bounds only hold for the real bytecode.
const skip = hre.globalOptions.coverage ? "gas is not representative under --coverage" : false;

describe("KeyDirectory gas", { skip }, () => {
  for (const [operation, bound] of Object.entries(BOUNDS)) {
    it(`${operation} ≤ ${bound}`, () => {
      assert.ok(row(operation).gasUsed <= bound, `${operation}: ${row(operation).gasUsed} > ${bound}`);
    });
  }

  it("publishKey costs the same whether or not the replaced key had a backup (no backup storage touched)", () => {
    assert.equal(row("publishKey (replace a key that has a backup)").gasUsed, row("publishKey (replace key)").gasUsed);
  });

  it("never measures below the computed floor", () => {
    for (const r of rows) assert.ok(r.gasUsed >= r.floor, `${r.operation}: ${r.gasUsed} < floor ${r.floor}`);
  });
});
