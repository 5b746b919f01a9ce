import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/** One HTML page per console section; each loads its own entry under src/<page>/. */
export const CONSOLE_PAGES = ['index', 'policies', 'audit', 'research'] as const;

// `npm run build:console` (also run by `prepare`): everything bundled into console/dist, no CDN.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    rollupOptions: { input: Object.fromEntries(CONSOLE_PAGES.map((page) => [page, resolve(root, `${page}.html`)])) },
  },
});
