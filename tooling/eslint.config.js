// Shared ESLint flat config: typescript-eslint type-checked presets.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export function eslintConfig({ tsconfigRootDir, browser = false, node = true, project } = {}) {
  return tseslint.config(
    { ignores: ["dist/**", "coverage/**", "**/*.config.*", "**/*.js"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        // A package whose tests sit outside its main tsconfig names the tsconfig that covers them.
        parserOptions: project
          ? { project, tsconfigRootDir }
          : { projectService: true, tsconfigRootDir },
        globals: { ...(node ? globals.node : {}), ...(browser ? globals.browser : {}) },
      },
      rules: {
        "@typescript-eslint/consistent-type-imports": "error",
        "@typescript-eslint/no-unused-vars": [
          "error",
          { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
        ],
        "no-restricted-syntax": [
          "error",
          { selector: "CallExpression[callee.name='eval']", message: "No eval." },
          { selector: "NewExpression[callee.name='Function']", message: "No new Function." },
        ],
        "no-restricted-imports": ["error", { patterns: ["@offerkit/*/src/*"] }],
      },
    },
    {
      // Plain JavaScript modules (a worker thread's entry file) are outside the TypeScript project.
      files: ["**/*.mjs"],
      ...tseslint.configs.disableTypeChecked,
    },
    {
      files: ["**/*.test.ts", "**/*.test.tsx", "test/**", "bench/**"],
      rules: {
        "@typescript-eslint/no-unsafe-assignment": "off",
        "@typescript-eslint/no-unsafe-member-access": "off",
        "@typescript-eslint/no-non-null-assertion": "off",
        "@typescript-eslint/no-floating-promises": "off",
      },
    },
  );
}
