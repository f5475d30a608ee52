import { describe, expect, it } from "@jest/globals";
import { bytesToHex, createPublicClient, custom, decodeFunctionData, encodeFunctionResult, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { WrongKeyPassphraseError } from "@cairn/core/chain";
import { resolveIdentity, restoreStoredIdentity } from "@cairn/core/chain";
import { keyDirectoryAbi } from "@cairn/core/contracts";
import { backupIdentityKey, deriveIdentityKey, generateIdentityKey, identityMessage, legacyIdentityMessage } from "@cairn/core/crypto";

const wallet = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const keyDirectory = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
const site = { domain: "cairn.example", uri: "https://cairn.example", chainId: 31337 };
const other = { ...site, domain: "cairn-phish.example", uri: "https://cairn-phish.example" };

/** A client whose KeyDirectory holds `key` (and `backup`) for the wallet. */
function directory(key: Uint8Array | null, backup: Uint8Array | null = null): PublicClient {
  const answer = (data: Hex): Hex => {
    const { functionName } = decodeFunctionData({ abi: keyDirectoryAbi, data });
    if (functionName === "keyOf") return encodeFunctionResult({ abi: keyDirectoryAbi, functionName, result: key ? bytesToHex(key) : `0x${"0".repeat(64)}` });
    if (functionName === "keyBackupOf") return encodeFunctionResult({ abi: keyDirectoryAbi, functionName, result: backup ? bytesToHex(backup) : "0x" });
    throw new Error(`unexpected call to ${functionName}`);
  };
  const transport = custom({
    request: async ({ method, params }: { method: string; params: [{ data: Hex }] }) => {
      if (method === "eth_call") return answer(params[0].data);
      throw new Error(`unexpected ${method}`);
    },
  });
  return createPublicClient({ transport }) as PublicClient;
}

/** Signs with the wallet and records what it was asked to sign. */
function signer() {
  const asked: string[] = [];
  return { asked, sign: (message: string): Promise<Hex> => (asked.push(message), wallet.signMessage({ message })) };
}

const keyFor = async (message: string) => deriveIdentityKey(await wallet.signMessage({ message }));
const originBound = (context: typeof site) => identityMessage({ ...context, account: wallet.address, keyDirectory });
const legacy = legacyIdentityMessage({ chainId: site.chainId, keyDirectory });

describe("resolveIdentity", () => {
  it("uses the origin-bound key when it is the published one, with one signature", async () => {
    const key = await keyFor(originBound(site));
    const { asked, sign } = signer();
    const result = await resolveIdentity(directory(key.publicKey), { ...site, keyDirectory, account: wallet.address, sign });
    expect(result.kind).toBe("current");
    expect(result.kind === "current" && bytesToHex(result.keys.privateKey)).toBe(bytesToHex(key.privateKey));
    expect(asked).toEqual([originBound(site)]);
  });

  it("recognises a key published from the version-1 message, and offers the origin-bound one", async () => {
    const old = await keyFor(legacy);
    const { asked, sign } = signer();
    const result = await resolveIdentity(directory(old.publicKey), { ...site, keyDirectory, account: wallet.address, sign });
    expect(result.kind).toBe("legacy");
    if (result.kind !== "legacy") return;
    expect(bytesToHex(result.keys.publicKey)).toBe(bytesToHex(old.publicKey));
    expect(bytesToHex(deriveIdentityKey(result.signature).publicKey)).toBe(bytesToHex((await keyFor(originBound(site))).publicKey));
    expect(asked).toEqual([originBound(site), legacy]);
  });

  it("derives a different key on another site: its signature cannot open the key published here", async () => {
    const key = await keyFor(originBound(site));
    const { sign } = signer();
    const result = await resolveIdentity(directory(key.publicKey), { ...other, keyDirectory, account: wallet.address, sign });
    expect(result.kind).toBe("unpublished");
    if (result.kind !== "unpublished") return;
    expect(bytesToHex(result.keys.publicKey)).not.toBe(bytesToHex(key.publicKey));
    expect(originBound(other)).toContain("cairn-phish.example wants you to sign in");
  });

  it("asks for the passphrase backup of a random key without a second signature", async () => {
    const random = generateIdentityKey();
    const backup = new Uint8Array(81).fill(1);
    const { asked, sign } = signer();
    const result = await resolveIdentity(directory(random.publicKey, backup), { ...site, keyDirectory, account: wallet.address, sign });
    expect(result).toEqual({ kind: "backup", publishedKey: random.publicKey, backup });
    expect(asked).toHaveLength(1);
  });

  it("has nothing to compare on first setup", async () => {
    const { asked, sign } = signer();
    const result = await resolveIdentity(directory(null), { ...site, keyDirectory, account: wallet.address, sign });
    expect(result.kind).toBe("unpublished");
    expect(result.kind === "unpublished" && result.published).toBeNull();
    expect(asked).toHaveLength(1);
  });
});

describe("restoreStoredIdentity", () => {
  it("restores the published key from its stored backup, and says a wrong passphrase is one", async () => {
    const keys = generateIdentityKey();
    const passphrase = "correct horse battery staple";
    const backup = await backupIdentityKey({ privateKey: keys.privateKey, passphrase, logN: 14 });
    const stored = { publishedKey: keys.publicKey, backup };
    expect(bytesToHex((await restoreStoredIdentity(stored, passphrase)).privateKey)).toBe(bytesToHex(keys.privateKey));
    await expect(restoreStoredIdentity(stored, "wrong horse battery staple")).rejects.toBeInstanceOf(WrongKeyPassphraseError);
  });
});
