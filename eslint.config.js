import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Outside core/, core is reached only through @cairn/core's entry points (core/package.json `exports`). */
const coreByPath = {
  regex: "^(\\./|(\\.\\./)+)core(/|$)|^@cairn/core/[^/]+/",
  message: "Import core through its entry points: @cairn/core, @cairn/core/<module>.",
};
/** test/ is for tests only; shared helpers live in testkit/. */
const testByPath = {
  regex: "^(\\./|(\\.\\./)+)test(/|$)",
  message: "Only tests import from test/; move what others need to testkit/.",
};
const restrictImports = (...patterns) => {
  const dynamic = patterns.flatMap(({ regex, message }) => {
    const literal = `/${regex.replaceAll("/", "\\/")}/`;
    return [
      { selector: `ImportExpression[source.value=${literal}]`, message },
      { selector: `TSImportType[argument.literal.value=${literal}]`, message },
    ];
  });
  return {
    "no-restricted-imports": ["error", { patterns: patterns.map(({ regex, message }) => ({ regex, message })) }],
    "no-restricted-syntax": ["error", ...dynamic],
  };
};

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", ".cairn/", "artifacts/", "cache/", "coverage/", "ignition/deployments/", "types/", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  { ignores: ["core/**"], rules: restrictImports(coreByPath, testByPath) },
  { files: ["test/**"], rules: restrictImports(coreByPath) },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
