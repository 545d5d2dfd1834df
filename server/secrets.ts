import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
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
  try {
    const kept = readFileSync(path, 'utf8').trim()
    if (kept) return [kept]
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`[g-kit] cannot read the secret file ${path}`, { cause: error })
  }
  const made = randomBytes(32).toString('base64url')
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  try {
    writeFileSync(path, made + '\n', { mode: 0o600, flag: 'wx' })
  } catch (error) {
    // Another process made it first: use that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return [readFileSync(path, 'utf8').trim()]
    throw error
  }
  chmodSync(path, 0o600)
  log.warn(`[g-kit] made a secret for browser state in ${path} (set the secret option or G_SECRET to choose one)`)
  return [made]
}
