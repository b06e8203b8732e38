// Builds the staff console (src/web/admin) into dist/admin, served by the server under /admin/.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web/admin', import.meta.url)),
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/admin', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': api,
      '/m': api,
    },
  },
});
