import { defineConfig, type Plugin } from 'vite'

/** Names of the lazy chunks, `lazy-<name>-<hash>.js` of letters, digits, `_` and `-` only: `<base>/g/` serves no other shape (server/http/routes.ts). */
const CHUNK_NAMES = (chunk: { name: string }) => `lazy-${chunk.name.replace(/[^\w-]/g, '-')}-[hash].js`

/**
 * Lit keeps `css` template literals as written: kit.js would ship their indentation. This takes
 * out the spaces that indent lines and surround braces, semicolons and commas. It keeps every line
 * break, so that the sourcemaps' lines stay right; a space between selectors (a descendant
 * combinator) stays too.
 */
function squeezeCssLiterals(): Plugin {
  const squeeze = (css: string) => css.replace(/\n[ \t]+/g, '\n').replace(/[ \t]*([{};,])[ \t]*/g, '$1')
  return {
    name: 'g-kit:squeeze-css-literals',
    transform(code, id) {
      if (!/[\\/]elements[\\/].*\.ts$/.test(id) || !code.includes('css`')) return undefined
      return { code: code.replace(/\bcss`([^`]*)`/g, (_, body: string) => `css\`${squeeze(body)}\``), map: null }
    },
  }
}

/**
 * DOMPurify ships its rest parameters compiled to loops over `arguments`, which the minifier turns
 * into `[...arguments].slice(n)`: some ten times slower, on the wrapper DOMPurify calls for every
 * string and DOM method it uses, so that a render's sanitizing took three times as long. This
 * gives those functions their rest parameters back.
 */
function restParametersInDompurify(): Plugin {
  const loop = /function(\s*\w*)\(([\w\s,]*)\)\s*\{(\s*)for \(var (_len\d*) = arguments\.length, (\w+) = new Array\([^;]*?\), (_key\d*) = \d+; \6 < \4; \6\+\+\) \5\[[^\]]+\] = arguments\[\6\];/g
  const inner = /for \(var (_len\d*) = arguments\.length, (\w+) = new Array\([^;]*?\), (_key\d*) = (\d+); \3 < \1; \3\+\+\) \2\[[^\]]+\] = arguments\[\3\];/g
  return {
    name: 'g-kit:rest-parameters-in-dompurify',
    transform(code, id) {
      if (!/[\\/]dompurify[\\/]dist[\\/]/.test(id)) return undefined
      // Line breaks stay where they were, so that the sourcemaps' lines stay right.
      const withRest = code.replace(loop, (_, name: string, params: string, space: string, _len, args: string) => `function${name}(${params.trim() ? `${params.trim()}, ` : ''}...${args}) {${space}`)
      return { code: withRest.replace(inner, (_, _len, args: string, _key, from: string) => `var ${args} = Array.prototype.slice.call(arguments, ${from});`), map: null }
    },
  }
}

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
    plugins: [squeezeCssLiterals(), restParametersInDompurify()],
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
