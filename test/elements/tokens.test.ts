import { expect, fixture, html } from '@open-wc/testing'
import { emulateMedia } from '@web/test-runner-commands'
import { inShadow } from './_fixture.js'
import { TOKENS } from '../../elements/internal/tokens.styles.js'
import '../../elements/index.js'

/** Relative luminance contrast of two computed `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (color: string) => {
    const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map((c) => {
      const v = Number(c) / 255
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** An app that does not connect (its elements still render): the theme is all that is tested here. */
const offline = 'http://127.0.0.1:9/'

describe('tokens and themes', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }))

  it('documents every token (--g-*) with @cssprop in the manifest, with its light value', async () => {
    const response = await fetch('/custom-elements.json')
    expect(response.ok, 'custom-elements.json (npm run analyze)').to.equal(true)
    const manifest = (await response.json()) as { modules: Array<{ declarations?: Array<{ name: string; cssProperties?: Array<{ name: string; default?: string }> }> }> }
    const field = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.name === 'GField')!
    const documented = Object.fromEntries((field.cssProperties ?? []).map((p) => [p.name, p.default]))
    const defined = Object.fromEntries(Object.entries(TOKENS).map(([name, values]) => [`--g-${name}`, values[0]]))
    expect(documented).to.deep.equal(defined)
  })

  it('is light by default, dark with theme="dark", and follows prefers-color-scheme unless theme="light"', async () => {
    const el = await fixture<HTMLElement>(html`<div>
      <g-app server=${offline}><g-textbox label="A"></g-textbox></g-app>
      <g-app server=${offline} theme="dark"><g-textbox label="B"></g-textbox></g-app>
      <g-app server=${offline} theme="light"><g-textbox label="C"></g-textbox></g-app>
    </div>`)
    const backgrounds = () => [...el.querySelectorAll('g-textbox')].map((box) => getComputedStyle(inShadow(box, 'input')).backgroundColor)
    const [light, dark] = [TOKENS['input-bg'][0], TOKENS['input-bg'][1]].map(hexToRgb)
    expect(backgrounds()).to.deep.equal([light, dark, light])
    await emulateMedia({ colorScheme: 'dark' })
    expect(backgrounds()).to.deep.equal([dark, dark, light])
  })

  it('lets a page override a token on the app or on one element', async () => {
    const el = await fixture<HTMLElement>(html`<g-app server=${offline} style="--g-accent: rgb(1, 2, 3)">
      <g-button variant="primary">A</g-button><g-button variant="primary" style="--g-accent: rgb(4, 5, 6)">B</g-button>
    </g-app>`)
    const [a, b] = [...el.querySelectorAll('g-button')].map((button) => getComputedStyle(inShadow(button, 'button')).backgroundColor)
    expect([a, b]).to.deep.equal(['rgb(1, 2, 3)', 'rgb(4, 5, 6)'])
  })

  for (const theme of ['light', 'dark']) {
    it(`keeps turned-off and read-only controls readable in the ${theme} theme`, async () => {
      const el = await fixture<HTMLElement>(html`<g-app server=${offline} theme=${theme}>
        <g-textbox label="Notes" value="Read me" interactive="false"></g-textbox>
        <g-button interactive="false">Off</g-button>
        <g-number label="N" value="3" interactive="false"></g-number>
      </g-app>`)
      for (const control of [inShadow(el.querySelector('g-textbox')!, 'input'), inShadow(el.querySelector('g-button')!, 'button'), inShadow(el.querySelector('g-number')!, 'input')]) {
        const style = getComputedStyle(control)
        expect(contrast(style.color, style.backgroundColor), control.localName).to.be.at.least(4.5)
      }
    })
  }

  it('spaces the children of an app and of a column, with no CSS from the page', async () => {
    const el = await fixture<HTMLElement>(html`<g-app server=${offline}>
      <g-textbox label="A"></g-textbox><g-state name="s" value="1"></g-state><g-textbox label="B"></g-textbox>
      <g-column><g-number label="C"></g-number><g-number label="D"></g-number></g-column>
    </g-app>`)
    const [a, b] = [...el.querySelectorAll('g-textbox')].map((x) => x.getBoundingClientRect())
    const [c, d] = [...el.querySelectorAll('g-number')].map((x) => x.getBoundingClientRect())
    const gap = parseFloat(getComputedStyle(document.documentElement).fontSize)
    expect(Math.round(b!.top - a!.bottom)).to.equal(gap)
    expect(Math.round(d!.top - c!.bottom)).to.equal(gap)
  })

  it("is not broken by the page's CSS, and does not restyle the page", async () => {
    const el = await fixture<HTMLElement>(html`<div>
      <style>
        .hostile input, .hostile label, .hostile button { all: unset; color: rgb(255, 0, 0); font-size: 40px; }
      </style>
      <div class="hostile"><g-textbox label="Name"></g-textbox><g-button>Go</g-button><input aria-label="page input" /></div>
    </div>`)
    const input = inShadow(el.querySelector('g-textbox')!, 'input')
    expect(getComputedStyle(input).borderTopWidth).to.equal('1px')
    expect(getComputedStyle(inShadow(el.querySelector('g-textbox')!, 'label')).fontSize).to.not.equal('40px')
    expect(getComputedStyle(inShadow(el.querySelector('g-button')!, 'button')).color).to.not.equal('rgb(255, 0, 0)')
    const pageInput = el.querySelector<HTMLInputElement>('input[aria-label="page input"]')!
    expect([getComputedStyle(pageInput).fontSize, getComputedStyle(pageInput).color]).to.deep.equal(['40px', 'rgb(255, 0, 0)'])
  })
})

function hexToRgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16)
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`
}
