import { defineConfig } from 'vite'

/** Names of the lazy chunks, `lazy-<name>-<hash>.js` of letters, digits, `_` and `-` only: `<base>/g/` serves no other shape (server/http/routes.ts). */
const CHUNK_NAMES = (chunk: { name: string }) => `lazy-${chunk.name.replace(/[^\w-]/g, '-')}-[hash].js`

/**
 * Two builds of the elements:
 * - `vite build`: dist/kit.js, the self-contained bundle (Lit included, minified) that the server
 *   serves at `<base>/g/kit.js`, and beside it the lazy chunks (Markdown, sanitizing,
 *   highlighting) that kit.js imports from its own URL the first time an element needs them;
 * - `vite build --mode npm`: dist/npm/g-kit.js for bundlers, with Lit left as a dependency, and
 *   the same lazy chunks beside it.
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
      rolldownOptions: npm
        ? { external: [/^lit($|\/)/, /^@lit\//], output: { chunkFileNames: CHUNK_NAMES } }
        : { output: { minify: true, chunkFileNames: CHUNK_NAMES } },
    },
  }
})
