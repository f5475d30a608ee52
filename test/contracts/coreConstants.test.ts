import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_KEY_BACKUP_LENGTH } from "@cairn/core/chain";
import { EPOCHS_PER_SHARE } from "@cairn/core/channel";
import {
  BACKUP_LENGTH,
  MAX_BATCH_ITEMS,
  MAX_METADATA_LENGTH,
  MAX_WRAPPED_CID_LENGTH,
  PUBLIC_KEY_MATERIAL_LENGTH,
  SEALED_KEY_LENGTH,
  WRAPPED_CID_OVERHEAD,
  X25519_KEY_LENGTH,
} from "@cairn/core/crypto";
import { MAX_SESSION_SECONDS } from "@cairn/core/session";
import { setup } from "./setup.js";

const { registry, keyDirectory } = await setup();

/** Core hard-codes the contracts' limits (it checks before sending); these tests keep both sides equal. */
describe("core's constants match the deployed contracts", () => {
  it("batch size, wrapped CID and metadata limits", async () => {
    assert.equal(BigInt(MAX_BATCH_ITEMS), await registry.read.MAX_BATCH_SIZE());
    assert.equal(BigInt(MAX_WRAPPED_CID_LENGTH), await registry.read.MAX_WRAPPED_CID_LENGTH());
    // The shortest item the registry accepts holds the version and the epoch the registry checks.
    assert.equal(await registry.read.MIN_WRAPPED_CID_LENGTH(), 5n);
    assert.ok(BigInt(WRAPPED_CID_OVERHEAD) >= (await registry.read.MIN_WRAPPED_CID_LENGTH()));
    assert.equal(BigInt(MAX_METADATA_LENGTH), await registry.read.MAX_METADATA_LENGTH());
  });

  it("one shareEpochKeys call carries at most MAX_MEMBERS epochs", async () => {
    assert.equal(BigInt(EPOCHS_PER_SHARE), await registry.read.MAX_MEMBERS());
  });

  it("key material of every format fits the registry's key bounds", async () => {
    const [min, max] = await Promise.all([registry.read.MIN_KEY_BYTES(), registry.read.MAX_KEY_BYTES()]);
    assert.equal(BigInt(X25519_KEY_LENGTH), min);
    for (const length of [SEALED_KEY_LENGTH, PUBLIC_KEY_MATERIAL_LENGTH]) {
      assert.ok(BigInt(length) >= min && BigInt(length) <= max, `${length} bytes outside ${min}..${max}`);
    }
  });

  it("session keys live at most MAX_SESSION_DURATION", async () => {
    assert.equal(MAX_SESSION_SECONDS, await registry.read.MAX_SESSION_DURATION());
  });

  it("key backups: core's bound is the directory's, and the backup format fits it", async () => {
    const max = await keyDirectory.read.MAX_BACKUP_LENGTH();
    assert.equal(BigInt(MAX_KEY_BACKUP_LENGTH), max);
    assert.ok(BigInt(BACKUP_LENGTH) <= max);
  });
});
