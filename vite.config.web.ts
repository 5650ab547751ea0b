// Build of the dashboard (src/web) into src/web/dist, which `sdfl serve` serves at /.
// Everything is bundled: the page loads nothing from other hosts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // vega and vega-lite make one large chunk; that is expected for an offline dashboard.
    chunkSizeWarningLimit: 2500,
  },
});
