import { fileURLToPath } from 'node:url'
import { createApp } from 'g-kit/server'

/** Every control of the kit, wired to one function that echoes what they hold. */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

const CONTROLS = ['name', 'bio', 'age', 'volume', 'subscribe', 'size', 'toppings', 'country', 'languages'] as const

app.fn('echo', (...values: unknown[]) => Object.fromEntries(CONTROLS.map((name, i) => [name, values[i]])), {
  inputs: [...CONTROLS],
  outputs: ['echo'],
})
app.fn('describe', (name: string, size: string) => `**${name || 'Someone'}** ordered a *${size}* pizza.`, { inputs: ['name', 'size'], outputs: ['summary'] })
