import { readFile, realpath, stat } from 'node:fs/promises'
import { realpathSync, statSync } from 'node:fs'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { HTTPError, getRouterParams, serveStatic, type H3Event } from 'h3'
import { DEFAULT_SECRET_FILE } from '../browser/secrets.js'

/** The `static` folder as the app serves it. */
export interface StaticFolder {
  /** The absolute path: the option resolved against the working directory at `createApp`. */
  root: string
  /** The option as given, for messages. */
  given: string
}

/**
 * Resolves the `static` option against the working directory, logs once when that folder does not
 * exist, and throws when the app's secret file would lie inside it (it would be served).
 * `keepsSecretFile`: whether the app reads its secret from `secretFile` (no `secret`, no `G_SECRET`).
 */
export function resolveStatic(
  option: string | undefined,
  secretFile: string | undefined,
  keepsSecretFile: boolean,
  log: Pick<Console, 'warn'>,
): StaticFolder | undefined {
  if (option === undefined) return undefined
  if (typeof option !== 'string' || !option) throw new Error(`[g-kit] static: expected the path of a folder, not ${JSON.stringify(option)}`)
  const root = resolve(option)
  if (keepsSecretFile) {
    const secret = resolve(secretFile ?? DEFAULT_SECRET_FILE)
    if (isInside(secret, root) || isInside(realPathOf(secret), realPathOf(root))) {
      throw new Error(
        `[g-kit] the secret file ${secret} lies inside the static folder ${root}, which would serve it: ` +
          `set secretFile to a path outside that folder, give the secret with the secret option or G_SECRET, or serve another folder`,
      )
    }
  }
  if (!isDirectory(root)) {
    log.warn(`[g-kit] static: the folder ${root} (${JSON.stringify(option)}, resolved against the working directory ${process.cwd()}) does not exist: its requests answer 404 until it does`)
  }
  return { root, given: option }
}

/**
 * Serves a file of the folder for a GET under the app's base path. Never a dotfile or anything in
 * a dot-folder, nor a path whose real location (links followed) lies outside the folder.
 */
export async function serveFolder(event: H3Event, folder: StaticFolder) {
  const realRoot = await realpath(folder.root).catch(() => undefined)
  if (realRoot === undefined) {
    throw new HTTPError({ status: 404, message: `the app's static folder ${JSON.stringify(folder.given)} does not exist (it is resolved against the server's working directory; see the server's log)` })
  }
  // Mounted under a base path, the request path starts with the base; the route's wildcard is the rest.
  const rest = '/' + (getRouterParams(event)._ ?? '')
  const pathname = event.url.pathname
  const base = pathname.endsWith(rest) ? pathname.slice(0, pathname.length - rest.length) : ''
  // `id` keeps encoded separators encoded (h3's traversal guard); resolve() plus the checks below keep us inside the folder.
  const fileOf = async (id: string): Promise<string | undefined> => {
    let full: string
    try {
      full = resolve(folder.root, '.' + decodeURI(id.startsWith(base + '/') ? id.slice(base.length) : id))
    } catch {
      return undefined // malformed percent-encoding names no file
    }
    if (!isInside(full, folder.root) || hasDotSegment(relative(folder.root, full))) return undefined
    const real = await realpath(full).catch(() => undefined)
    return real !== undefined && isInside(real, realRoot) && !hasDotSegment(relative(realRoot, real)) ? real : undefined
  }
  return serveStatic(event, {
    indexNames: ['/index.html'],
    getMeta: async (id) => {
      const file = await fileOf(id)
      const stats = file ? await stat(file).catch(() => undefined) : undefined
      return stats?.isFile() ? { size: stats.size, mtime: stats.mtimeMs } : undefined
    },
    getContents: async (id) => {
      const file = await fileOf(id)
      return file ? readFile(file) : undefined
    },
  })
}

// --- internal ---

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep)
}

/** `.env`, `.git/config`, `a/.hidden/b`: any segment that starts with a dot. */
function hasDotSegment(path: string): boolean {
  return path.split(sep).some((segment) => segment.startsWith('.'))
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** The real path of `path`, or of its nearest existing folder with the rest appended (a file not made yet). */
function realPathOf(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    const parent = dirname(path)
    return parent === path ? path : join(realPathOf(parent), basename(path))
  }
}
