import react from "@vitejs/plugin-react";
import { defineConfig, type ProxyOptions } from "vite";

const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? 8080}`;

/**
 * The dev server forwards the API to the Node server so the dashboard and the API share one origin, exactly as in
 * production where the server also serves `dist/web`.
 */
const apiProxy: ProxyOptions = {
  target: apiTarget,
  changeOrigin: false,
  configure(proxy) {
    proxy.on("proxyRes", (proxyRes, req) => {
      if (!proxyRes.headers["content-type"]?.startsWith("text/event-stream")) return;
      // Events must reach the browser as they are written: ask every hop not to buffer or transform the stream.
      proxyRes.headers["cache-control"] = "no-cache, no-transform";
      proxyRes.headers["x-accel-buffering"] = "no";
      req.socket.setNoDelay(true);
    });
  },
};

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist/web",
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { "/v1": apiProxy },
  },
  preview: {
    proxy: { "/v1": apiProxy },
  },
});
