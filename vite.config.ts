import { defineConfig } from 'vite'

/**
 * Two builds of the elements:
 * - `vite build`: dist/kit.js, the self-contained bundle (Lit included, minified) that the server
 *   serves at `<base>/g/kit.js`;
 * - `vite build --mode npm`: dist/npm/g-kit.js for bundlers, with Lit left as a dependency.
 */
export default defineConfig(({ mode }) => {
  const npm = mode === 'npm'
  return {
    publicDir: false,
    define: { __G_STANDALONE__: JSON.stringify(!npm) },
    build: {
      outDir: npm ? 'dist/npm' : 'dist',
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      minify: !npm,
      lib: { entry: 'elements/index.ts', formats: ['es'], fileName: () => (npm ? 'g-kit.js' : 'kit.js') },
      rolldownOptions: npm ? { external: [/^lit($|\/)/, /^@lit\//] } : { output: { minify: true } },
    },
  }
})
