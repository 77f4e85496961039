import { eslintConfig } from "@offerkit/tooling/eslint";

export default [
  ...eslintConfig({ tsconfigRootDir: import.meta.dirname }),
  {
    // API tests read arbitrary JSON answers; typing every response shape would only restate the schemas.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
];
