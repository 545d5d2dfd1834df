import type { ComplexAttributeConverter } from 'lit'

/** Reads an attribute as JSON; a malformed one reads as `undefined` (the page graph reports it). */
export const json: ComplexAttributeConverter<unknown> = {
  fromAttribute(value) {
    if (value === null) return undefined
    try {
      return JSON.parse(value)
    } catch {
      return undefined
    }
  },
  toAttribute: (value) => JSON.stringify(value),
}

/** Whether an attribute's text is JSON (an absent attribute is: it holds no value to misread). */
export function parsesAsJson(raw: string | null): boolean {
  if (raw === null) return true
  try {
    JSON.parse(raw)
    return true
  } catch {
    return false
  }
}

/** A list of choices: each a string, or a `[label, value]` pair. */
export interface Choice {
  label: string
  value: string
}

/** Normalizes `choices` (a JSON array of strings or `[label, value]` pairs) to label/value pairs. */
export function toChoices(raw: unknown): Choice[] {
  if (!Array.isArray(raw)) return []
  return raw.map((item) =>
    Array.isArray(item) ? { label: String(item[0]), value: String(item[1] ?? item[0]) } : { label: String(item), value: String(item) },
  )
}

/** Choices given as child `<option>` elements. */
export function optionChoices(host: Element): Choice[] {
  return [...host.querySelectorAll(':scope > option')].map((option) => {
    const o = option as HTMLOptionElement
    return { label: o.label || o.textContent?.trim() || o.value, value: o.value }
  })
}

/** Reads a number attribute: empty or not a number reads as `null`. */
export const toNumber = (raw: string | null): number | null =>
  raw === null || raw.trim() === '' || Number.isNaN(Number(raw)) ? null : Number(raw)

/** The choices of a control: its `choices` property when set, else its child `<option>`s. */
export function currentChoices(choices: unknown[] | undefined, options: Choice[]): Choice[] {
  return choices ? toChoices(choices) : options
}

/** A choice value attribute: a JSON list or string as such; other text as one value; a broken JSON list as none. */
export function readChoiceValue(raw: string | null): string | string[] | null {
  if (raw === null) return null
  try {
    const parsed: unknown = JSON.parse(raw)
    if (Array.isArray(parsed)) return parsed.map(String)
    return typeof parsed === 'string' ? parsed : raw
  } catch {
    return raw.trimStart().startsWith('[') ? [] : raw
  }
}
