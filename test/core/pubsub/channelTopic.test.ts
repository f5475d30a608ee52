import { describe, expect, it } from "@jest/globals";
import { channelTopic, isCairnTopic } from "@cairn/core";
import { topic } from "../../../testkit/pendingMessageFixtures.js";

describe("channelTopic", () => {
  it("names one topic per channel epoch, which only the epoch key derives", () => {
    const name = channelTopic(topic);
    expect(isCairnTopic(name)).toBe(true);
    expect(channelTopic({ ...topic })).toBe(name);
    const others = [{ epoch: 4 }, { channelId: 43n }, { chainId: 1 }, { registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const }, { key: new Uint8Array(32) }].map((change) =>
      channelTopic({ ...topic, ...change }),
    );
    expect(new Set([name, ...others]).size).toBe(6);
  });

  it("tells Cairn topics from others", () => {
    for (const other of ["cairn/1/", "cairn/1/XYZ", `cairn/2/${"0".repeat(32)}`, `cairn/1/${"A".repeat(32)}`, "/meshsub/1.2.0"]) expect(isCairnTopic(other)).toBe(false);
  });
});
