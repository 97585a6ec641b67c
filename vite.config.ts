import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    // bench/bare-flow.html is the baseline page of the canvas benchmark; the app never loads it
    rollupOptions: { input: { main: 'index.html', bare: 'bench/bare-flow.html' } },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
  },
});
