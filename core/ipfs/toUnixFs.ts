import { unixfs, type UnixFS } from "@helia/unixfs";

/** Anything with a blockstore UnixFS can use (a Helia node, or `{ blockstore }`). */
export type UnixFsComponents = Parameters<typeof unixfs>[0];

/** A UnixFS instance, or the components to build one from. */
export type UnixFsTarget = UnixFS | UnixFsComponents;

/** Reuse a UnixFS instance, or build one over the given node/blockstore. */
export function toUnixFs(target: UnixFsTarget): UnixFS {
  return "addByteStream" in target ? target : unixfs(target);
}
