// The web client is built into the zchat package (packages/zchat/web), which serves it: `npm start` then needs
// nothing else, and the zchat tarball carries the built client.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: '../zchat/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
