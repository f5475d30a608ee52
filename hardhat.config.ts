import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, type HardhatUserConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** The solc npm package ships the compiler; Hardhat must never download one. */
const solcPath = require.resolve("solc/soljson.js");

/**
 * via-IR with maximal optimizer runs: measured cheapest for post/postAs (the hot paths, see
 * docs/BENCHMARKS.md); the registry stays far below the 24 KiB code-size limit.
 */
const solc = {
  version: "0.8.28",
  path: solcPath,
  settings: { optimizer: { enabled: true, runs: 4_294_967_295 }, evmVersion: "cancun", viaIR: true },
};

const config: HardhatUserConfig = {
  plugins: [hardhatToolboxViem],
  solidity: {
    // Explicit profiles: Hardhat derives an unset "production" profile (used by `ignition deploy`)
    // from the compiler version only, i.e. optimizer runs 200 and no via-IR. Deployed bytecode
    // must be the bytecode that is tested and gas-benchmarked.
    profiles: {
      default: { compilers: [solc] },
      production: { compilers: [solc] },
    },
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
