import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

/**
 * Builds the React example into dist/ (`npm run build:spa`), which its server serves. Vite 8
 * compiles JSX itself (Oxc, React's automatic runtime): no plugin needed for a build.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Assets load relative to the page, which the gallery serves under /spa/.
  base: './',
  // In an app of your own, `g-kit` comes from node_modules; here it is this repository, which
  // Vite resolves through its package.json exports like any package: to the npm build, dist/npm/g-kit.js.
  resolve: { alias: { 'g-kit': fileURLToPath(new URL('../..', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true },
})
