import { eslintConfig } from "@offerkit/tooling/eslint";

export default eslintConfig({
  tsconfigRootDir: import.meta.dirname,
  node: false,
  project: "./tsconfig.test.json",
});
