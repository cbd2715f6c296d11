import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const apiTarget = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: "client",
  plugins: [react()],
  // No source maps in the build: production serves only what the browser runs.
  build: { outDir: "../dist/client", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: {
    port: 5173,
    proxy: {
      "/trpc": apiTarget,
      "/api": apiTarget,
      "/realtime": apiTarget,
      "/engine": apiTarget,
      "/webhooks": apiTarget,
    },
  },
});
