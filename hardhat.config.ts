import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, type HardhatUserConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** The solc npm package ships the compiler; Hardhat must never download one. */
const solcPath = require.resolve("solc/soljson.js");

const config: HardhatUserConfig = {
  plugins: [hardhatToolboxViem],
  solidity: {
    compilers: [
      {
        version: "0.8.28",
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 4_294_967_295 }, evmVersion: "cancun", viaIR: true },
      },
    ],
  },
  paths: {
    tests: { nodejs: "test/contracts", solidity: "test/solidity" },
    ignition: "scripts/ignition",
  },
  networks: {
    hardhat: { type: "edr-simulated", chainType: "l1" },
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
    baseSepolia: {
      type: "http",
      chainType: "op",
      url: configVariable("BASE_SEPOLIA_RPC_URL"),
      accounts: [configVariable("BASE_SEPOLIA_PRIVATE_KEY")],
    },
  },
};

export default config;
