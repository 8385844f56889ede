import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const target = process.env.PLANNER_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit()],
  // `PLANNER_SOURCEMAP=1` writes source maps without linking them from the bundle (for profiles, tests/bench/editor-drag.ts).
  build: { sourcemap: process.env.PLANNER_SOURCEMAP === '1' ? 'hidden' : false },
  server: {
    port: 5173,
    // In development the API, the Yjs websocket and socket.io live on the Fastify server.
    proxy: {
      '/api': { target, changeOrigin: false },
      '/yjs': { target, ws: true },
      '/socket.io': { target, ws: true },
    },
  },
});
