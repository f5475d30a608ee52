/** Browser bundle for browserNode.test.ts: exposes core/ipfs on globalThis, and a random account to sign in to the pinning node with. */
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import * as ipfs from "@cairn/core/ipfs";

Object.assign(globalThis, { cairnIpfs: ipfs, cairnAccount: privateKeyToAccount(generatePrivateKey()) });
