import { defineConfig, defaultClientConditions, defaultServerConditions } from "vite";
import react from "@vitejs/plugin-react";

// The browser bundle: workspace packages resolve to their sources (@offerkit/source), like in tests.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["@offerkit/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@offerkit/source", ...defaultServerConditions] } },
  build: {
    outDir: "dist/client",
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: { input: "src/browser.tsx", output: { entryFileNames: "storefront.js" } },
  },
});
