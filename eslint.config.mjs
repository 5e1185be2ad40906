// Lint: typescript-eslint's recommended rules over every TypeScript and JavaScript file; formatting is prettier's.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: globals.node },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Pulumi's mock runtime hands resources and calls over untyped: tests and the offline mocks read them as such.
    files: ["test/**", "tools/render/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
