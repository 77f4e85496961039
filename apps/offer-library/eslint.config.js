import { eslintConfig } from "@offerkit/tooling/eslint";

export default eslintConfig({ tsconfigRootDir: import.meta.dirname, browser: true, node: true });
