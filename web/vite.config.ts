import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The folder holding this file; `root` must not depend on the directory Vite is started from.
const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The server's CSP allows data: only for images; emitting every asset as a file keeps
    // fonts, scripts and styles within `'self'` whatever their size.
    assetsInlineLimit: 0,
  },
});
