import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/** Where a generated secret is kept when neither `secret` nor `G_SECRET` gives one. */
export const DEFAULT_SECRET_FILE = '.g-kit/secret'

/**
 * The app's secrets, newest first: the `secret` option, else `G_SECRET`, else the one kept in
 * `file` (made there on first use, readable by this user only), so that a restart keeps browser
 * state readable.
 */
export function resolveSecrets(option: string | string[] | undefined, file: string, log: Pick<Console, 'warn'>): string[] {
  if (option !== undefined) return Array.isArray(option) ? option : [option]
  const fromEnv = process.env.G_SECRET
  if (fromEnv) return [fromEnv]
  const path = resolve(file)
  const kept = readKept(path)
  if (kept !== undefined && kept.length >= 16) return [kept]
  const made = randomBytes(32).toString('base64url')
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  // Written whole to a file of its own, then put in place in one step: no process ever reads a half-written secret.
  const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`
  writeFileSync(partial, made + '\n', { mode: 0o600 })
  try {
    if (kept === undefined) linkSync(partial, path) // fails if another process made it first
    else renameSync(partial, path) // an empty or truncated file from before: replace it
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveSecrets(option, file, log)
    throw error
  } finally {
    rmSync(partial, { force: true })
  }
  log.warn(`[g-kit] made a secret for browser state in ${path} (set the secret option or G_SECRET to choose one)`)
  return [made]
}

/** The secret kept in `path`, or undefined when there is no such file. */
function readKept(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`[g-kit] cannot read the secret file ${path}`, { cause: error })
  }
}
