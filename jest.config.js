/** Core unit tests: native ESM (helia and libp2p are ESM-only), ts-jest, Node environment. */
export default {
  roots: ["<rootDir>/test/core"],
  testMatch: ["**/*.test.ts"],
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.node.json", diagnostics: { ignoreCodes: ["TS151001", "TS151002"] } }],
  },
  testTimeout: 60000,
};
