import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Relative asset URLs ("./assets/…") so the built UI works under any mount path (the server uses /ui/).
// Routing is hash-based, so the server only needs to serve static files, no history fallback.
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
