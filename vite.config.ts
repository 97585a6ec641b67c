import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    react(),
    // Works offline after one visit: a service worker precaches the app shell, every lazy chunk (the
    // worker, the panels, the examples and lessons). A new version waits for the user to reload
    // (registerType 'prompt'): never a silent swap in the middle of a class.
    VitePWA({
      registerType: 'prompt',
      injectRegister: null,
      // the icons are precached by globPatterns already
      includeManifestIcons: false,
      manifest: {
        name: 'Neutron Explorer',
        short_name: 'Neutron',
        description:
          'Watch OpenStack Neutron move packets: ML2/OVS, VXLAN, the L3 and DHCP agents, security groups, hop by hop.',
        theme_color: '#1565c0',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,json,svg,png}'],
        // the canvas benchmark's baseline page is no part of the app
        globIgnores: ['**/bare-*', 'bench/**'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/bench\//],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    // bench/bare-flow.html is the baseline page of the canvas benchmark; the app never loads it
    rollupOptions: {
      input: { main: 'index.html', bare: 'bench/bare-flow.html' },
      // The core is pure (docs/architecture.md): importing a module of src/sim does nothing but define
      // things. Said so, a module of it whose exports the page does not use is left out of the page's
      // bundle, zod schemas and all, instead of being kept for the calls its top level makes.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]src[\\/]sim[\\/]/.test(id) },
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
  },
});
