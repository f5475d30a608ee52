import { describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { createClientNode, InvalidMultiaddrError, IpfsNodeStartError } from "@cairn/core/ipfs";

const stores = () => ({ blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });

describe("createClientNode", () => {
  it("rejects a malformed bootstrap address with InvalidMultiaddrError", async () => {
    await expect(createClientNode({ bootstrap: ["/ip4/127.0.0.1/tcp/notaport/ws"], ...stores() })).rejects.toBeInstanceOf(InvalidMultiaddrError);
  });

  it("fails with IpfsNodeStartError when no bootstrap peer answers", async () => {
    const nobody = "/ip4/127.0.0.1/tcp/9/ws/p2p/12D3KooWKdzKfjSnwEVEgXxJoFToantV75XvU9fyPNuNVrfcx8Va";
    await expect(createClientNode({ bootstrap: [nobody], ...stores() })).rejects.toBeInstanceOf(IpfsNodeStartError);
  });

  it("starts offline without bootstrap peers and stores blocks", async () => {
    const node = await createClientNode({ bootstrap: [], ...stores() });
    try {
      const cid = await node.storage.putBlock(new Uint8Array([1, 2, 3]));
      expect(await node.storage.getBlock(cid, { offline: true })).toEqual(new Uint8Array([1, 2, 3]));
      expect(node.peerId).toMatch(/^12D3KooW/);
    } finally {
      await node.stop();
    }
  });
});
