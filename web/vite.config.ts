import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The C++ server (`huying serve`) listens here during development.
const server = 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components and their CSS are imported on demand from templates,
    // so the bundle holds only the components the pages use.
    Components({
      resolvers: [ElementPlusResolver()],
      dts: 'src/components.d.ts',
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    // Composition API only: lets vue-i18n drop its legacy API from the bundle.
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': server,
      '/healthz': server,
      '/readyz': server,
    },
  },
  build: {
    target: 'es2022',
    // Element Plus' core (config provider, popper, menu) is one large shared chunk.
    chunkSizeWarningLimit: 800,
  },
})
