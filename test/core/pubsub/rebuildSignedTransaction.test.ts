import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createPublicClient, createWalletClient, http, keccak256, type PublicClient, type Transaction } from "viem";
import { hardhat } from "viem/chains";
import { parsePostTransaction, rebuildSignedTransaction, TransactionRebuildError } from "@cairn/core";
import { startChain, type RunningChain } from "../../../scripts/stack/startChain.js";
import { portsFromEnv, TEST_PORTS } from "../../../scripts/stack/stackConfig.js";
import { testAccount } from "../../../scripts/stack/testAccounts.js";
import { alice, deployment, postCalldata, sealed } from "../../../testkit/pendingMessageFixtures.js";

/**
 * A wallet that only returns a transaction hash (eth_sendTransaction on the node's own account,
 * like an injected wallet): the sender reads the transaction back and rebuilds its signed bytes.
 */
describe("rebuildSignedTransaction on a Hardhat node", () => {
  let chain: RunningChain;
  let client: PublicClient;
  const wallet = testAccount(0).address;

  beforeAll(async () => {
    chain = await startChain({ port: portsFromEnv(TEST_PORTS).rpc });
    client = createPublicClient({ chain: hardhat, transport: http(chain.rpcUrl) }) as PublicClient;
  }, 120_000);

  afterAll(async () => {
    await chain?.stop();
  });

  it("rebuilds EIP-1559, EIP-2930 and legacy transactions, pending and mined, that carry the post", async () => {
    const walletClient = createWalletClient({ account: wallet, chain: hardhat, transport: http(chain.rpcUrl) });
    const message = await sealed(wallet, "sent from a wallet");
    const data = postCalldata([message.wrappedCid]);
    await client.request({ method: "evm_setAutomine", params: [false] } as never);
    const hashes = [
      await walletClient.sendTransaction({ to: deployment.registry, data, type: "eip1559" }),
      await walletClient.sendTransaction({ to: deployment.registry, data, type: "eip2930", accessList: [{ address: alice.address, storageKeys: [] }] }),
      await walletClient.sendTransaction({ to: deployment.registry, data, type: "legacy" }),
    ];
    const rebuilt = async () => Promise.all(hashes.map(async (hash) => rebuildSignedTransaction(await client.getTransaction({ hash }))));
    const whilePending = await rebuilt();
    await client.request({ method: "evm_mine", params: [] } as never);
    expect(await rebuilt()).toEqual(whilePending);
    for (const [index, serialized] of whilePending.entries()) {
      expect(keccak256(serialized)).toBe(hashes[index]);
      const post = await parsePostTransaction(serialized);
      expect(post).toMatchObject({ signer: wallet, sender: wallet, functionName: "post", channelId: 42n, nonce: index, hash: hashes[index] });
      expect(post.wrappedCids).toEqual([message.wrappedCid]);
    }
  });

  it("refuses fields that do not hash to the transaction (a node that altered one)", async () => {
    const walletClient = createWalletClient({ account: wallet, chain: hardhat, transport: http(chain.rpcUrl) });
    const hash = await walletClient.sendTransaction({ to: deployment.registry, data: "0x01" });
    const tx = await client.getTransaction({ hash });
    expect(() => rebuildSignedTransaction({ ...tx, input: "0x02" })).toThrow(TransactionRebuildError);
    expect(() => rebuildSignedTransaction({ ...tx, type: "eip4844" } as unknown as Transaction)).toThrow(TransactionRebuildError);
  });
});
