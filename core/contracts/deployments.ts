// generated — do not edit. Source: artifacts/ and scripts/ignition/deployments/;
// regenerate with `npm run generate` (checked by `npm run check:generated`).

/** Deployed addresses and the block to read logs from, by chain id. */
export const deployments = {
  31337: {
    keyDirectory: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    channelRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    fromBlock: 0,
  },
} as const;

export type DeploymentChainId = keyof typeof deployments;
