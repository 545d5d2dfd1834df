import { randomInt } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { createApp, update } from 'g-kit/server'

/**
 * Persisted login details (the seed's browser state): the username and password are kept in the
 * browser, sealed by the server, so they come back after a reload, a browser restart and a server
 * restart; a message says when they were last saved.
 *
 * With no `secret` option and no G_SECRET, the server makes a secret once and keeps it in
 * .g-kit/secret, which is what lets a restarted server open what browsers kept.
 *
 * Every function declares its wiring. For `restore` and `save` it is required: a browser state
 * reaches only the functions whose wiring names it, so no script on the page can route the sealed
 * login through another function to read it, or have the server seal a value of its choosing for
 * it. A login kept longer than `maxAge` after it was last saved comes back empty.
 */
export const app = createApp({
  static: fileURLToPath(new URL('.', import.meta.url)),
  secretFile: process.env.G_SECRET_FILE,
  maxAge: 30 * 24 * 3600,
})

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const random = (length: number) => Array.from({ length }, () => letters[randomInt(letters.length)]).join('')

app.fn('generate_randomly', () => [`user_${random(6)}`, random(12)], { outputs: ['username', 'password'] })
app.fn('restore', (saved: [string, string]) => saved, { inputs: ['saved'], outputs: ['username', 'password'] })
app.fn('save', (username: string, password: string) => [username, password], { inputs: ['username', 'password'], outputs: ['saved'] })
app.fn('saved_at', () => update({ value: `Saved to this browser at ${new Date().toLocaleTimeString('en-GB')}`, visible: true }), {
  outputs: ['status'],
})
