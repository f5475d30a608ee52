import { network } from "hardhat";
import { getContract, type Address } from "viem";
import { channelRegistryAbi, keyDirectoryAbi } from "@cairn/core/contracts";
import CairnModule from "../ignition/modules/Cairn.js";

/**
 * A fresh simulated network with the Cairn contracts deployed through the production Ignition
 * module. The contracts are typed with the ABIs of core/contracts/generated.ts, the same ones
 * the app and the CLI use.
 */
export async function deployCairn() {
  const connection = await network.create();
  const deployed = (await connection.ignition.deploy(CairnModule)) as unknown as Record<
    "keyDirectory" | "channelRegistry",
    { address: Address }
  >;
  const publicClient = await connection.viem.getPublicClient();
  const wallets = await connection.viem.getWalletClients();
  const client = { public: publicClient, wallet: wallets[0]! };
  const keyDirectory = getContract({ address: deployed.keyDirectory.address, abi: keyDirectoryAbi, client });
  const registry = getContract({ address: deployed.channelRegistry.address, abi: channelRegistryAbi, client });
  return { connection, viem: connection.viem, keyDirectory, registry, publicClient, wallets };
}

export type CairnDeployment = Awaited<ReturnType<typeof deployCairn>>;
