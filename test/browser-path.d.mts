/** The path of a Chromium binary, or undefined when there is none. */
export function findBrowser(): string | undefined
/** Flags for headless Chromium here. */
export const browserArgs: string[]
