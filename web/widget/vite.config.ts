import { defineConfig } from 'vite';

// The folder holding this file; paths must not depend on the directory Vite is started from.
const widgetRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

/**
 * The embeddable chat widget: one self-contained IIFE (dist/web/widget.js) that customers' sites
 * load with a <script> tag. Built after the web app, into the same folder, which it must not empty.
 */
export default defineConfig({
  root: widgetRoot,
  publicDir: false,
  build: {
    outDir: '../../dist/web',
    emptyOutDir: false,
    target: 'es2020',
    sourcemap: false,
    lib: {
      entry: `${widgetRoot}src/widget.ts`,
      formats: ['iife'],
      name: 'BolwerkChat',
      fileName: () => 'widget.js',
    },
  },
});
