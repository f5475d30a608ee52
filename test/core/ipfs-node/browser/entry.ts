/** Browser bundle for browserNode.test.ts: exposes core/ipfs on globalThis. */
import * as ipfs from "../../../../core/ipfs/index.js";

(globalThis as unknown as { cairnIpfs: typeof ipfs }).cairnIpfs = ipfs;
