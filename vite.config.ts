import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const apiTarget = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: "client",
  plugins: [react()],
  build: { outDir: "../dist/client", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 900 },
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
