import { expect, html } from '@open-wc/testing'
import { appFixture, clickButton, pressIn, shownErrors, until } from './_fixture.js'
import type { GChatInterface } from '../../elements/g-chat-interface.js'

/** The chat's own button named `name`. */
function button(chat: GChatInterface, name: string): HTMLElement {
  const found = [...chat.shadowRoot!.querySelectorAll('g-button')].find((b) => b.textContent?.trim() === name)
  if (!found) throw new Error(`no ${name} button`)
  return found as HTMLElement
}

const NativeWebSocket = window.WebSocket

const texts = (chat: GChatInterface) => chat.value.map((m) => `${m.role}: ${String(m.content)}`)

describe('<g-chat-interface>', () => {
  it('has a log named by its label, a Message box and its buttons; Enter sends and the reply streams in', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-chat-interface fn="chat_echo" label="Helper"></g-chat-interface></g-app>`)
    const chat = app.querySelector<GChatInterface>('g-chat-interface')!
    await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
    const bot = chat.shadowRoot!.querySelector('g-chatbot')!
    await until(() => bot.shadowRoot?.querySelector('[role=log]') !== null, 'the log')
    expect(bot.shadowRoot!.querySelector('[role=log]')!.getAttribute('aria-label')).to.equal('Helper')
    const box = chat.shadowRoot!.querySelector('textarea')!
    expect(chat.shadowRoot!.querySelector(`label[for=${box.id}]`)!.textContent).to.equal('Message')
    for (const name of ['Submit', 'Retry', 'Undo', 'Clear']) button(chat, name)
    box.value = 'hi'
    await pressIn(box, 'Enter')
    expect(box.value).to.equal('')
    await until(() => texts(chat).at(-1) === 'assistant: echo hi after 0', 'the whole reply')
    expect(texts(chat)).to.deep.equal(['user: hi', 'assistant: echo hi after 0'])
    expect(shownErrors(app)).to.deep.equal([])
  })

  it('Shift+Enter starts a new line instead of sending', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-chat-interface fn="chat_echo"></g-chat-interface></g-app>`)
    const chat = app.querySelector<GChatInterface>('g-chat-interface')!
    await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
    const box = chat.shadowRoot!.querySelector('textarea')!
    box.value = 'a'
    await pressIn(box, 'Shift+Enter')
    expect(box.value).to.equal('a\n')
    expect(chat.value).to.deep.equal([])
  })

  it('Stop ends a streaming reply and keeps what arrived; Retry, Undo and Clear work on the history', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-chat-interface name="c" fn="chat_echo"></g-chat-interface></g-app>`)
    const chat = app.querySelector<GChatInterface>('g-chat-interface')!
    await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
    chat.send('slow')
    await until(() => texts(chat).at(-1)?.startsWith('assistant: echo') === true, 'the first words')
    clickButton(button(chat, 'Stop'))
    await until(() => !chat.shadowRoot!.querySelector('g-button[variant=stop]'), 'the end of the reply')
    const kept = texts(chat)
    expect(kept[1]).to.not.equal('assistant: echo slow after 0')
    chat.retry()
    await until(() => texts(chat).at(-1) === 'assistant: echo slow after 0', 'the retried reply', 5000)
    await until(() => !chat.shadowRoot!.querySelector('g-button[variant=stop]'), 'the end of the retry')
    chat.send('two')
    await until(() => texts(chat).at(-1) === 'assistant: echo two after 2', 'the second reply')
    await until(() => !chat.shadowRoot!.querySelector('g-button[variant=stop]'), 'the end of the second reply')
    clickButton(button(chat, 'Undo'))
    await until(() => texts(chat).length === 2, 'the undo')
    expect(chat.shadowRoot!.querySelector('textarea')!.value).to.equal('two')
    clickButton(button(chat, 'Clear'))
    await until(() => chat.value.length === 0, 'the clear')
  })

  it('ArrowUp in an empty box edits the last message you sent; Escape and Cancel edit end the edit', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-chat-interface fn="chat_echo"></g-chat-interface></g-app>`)
    const chat = app.querySelector<GChatInterface>('g-chat-interface')!
    await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
    const box = chat.shadowRoot!.querySelector('textarea')!
    const editing = () => chat.shadowRoot!.querySelector('.editing')?.textContent?.replace(/\s+/g, ' ').trim()
    chat.send('one')
    await until(() => texts(chat).at(-1) === 'assistant: echo one after 0', 'the reply')
    await until(() => !chat.shadowRoot!.querySelector('g-button[variant=stop]'), 'the end of the reply')
    await pressIn(box, 'ArrowUp')
    expect(box.value).to.equal('one')
    await until(() => editing() === 'Editing message 1 Cancel edit', 'the edit shown')
    await pressIn(box, 'Escape')
    expect(box.value).to.equal('')
    await until(() => editing() === undefined, 'the edit ended by Escape')
    await pressIn(box, 'ArrowUp')
    await until(() => editing() !== undefined, 'the edit shown again')
    clickButton(button(chat, 'Cancel edit'))
    expect(box.value).to.equal('')
    await until(() => editing() === undefined, 'the edit ended by Cancel edit')
    await pressIn(box, 'ArrowUp')
    box.value = 'uno'
    await pressIn(box, 'Enter')
    await until(() => texts(chat).at(-1) === 'assistant: echo uno after 0', 'the answer to the edit')
    expect(texts(chat)).to.deep.equal(['user: uno', 'assistant: echo uno after 0'])
    expect(editing()).to.equal(undefined)
  })

  it('passes additional inputs, and shows tool messages', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-textbox name="style" label="Style" value="brief"></g-textbox>
      <g-chat-interface fn="chat_tools" additional-inputs="style"></g-chat-interface>
    </g-app>`)
    const chat = app.querySelector<GChatInterface>('g-chat-interface')!
    await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
    chat.send('cats')
    await until(() => chat.value.length === 3, 'the reply')
    expect(chat.value[1]).to.deep.equal({ role: 'assistant', content: 'searched for cats', metadata: { title: 'Used a tool' } })
    expect(texts(chat)[2]).to.equal('assistant: brief: cats')
  })

  it('with persist, a chat that joins again shows its history (sealed in the browser)', async () => {
    localStorage.clear()
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-chat-interface name="kept" fn="chat_echo" persist></g-chat-interface></g-app>`)
    const chat = app.querySelector<GChatInterface>('g-chat-interface')!
    await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
    chat.send('keep me')
    await until(() => texts(chat).at(-1) === 'assistant: echo keep me after 0', 'the reply')
    const stored = Object.keys(localStorage).map((key) => localStorage.getItem(key)!).join(' ')
    expect(stored).to.not.contain('keep me')
    chat.remove()
    const again = document.createElement('g-chat-interface')
    again.setAttribute('name', 'kept')
    again.setAttribute('fn', 'chat_echo')
    again.setAttribute('persist', '')
    app.append(again)
    await until(() => texts(again).at(-1) === 'assistant: echo keep me after 0', 'the history restored')
  })

  it('a reply streamed across a dropped connection shows each increment once', async function () {
    this.timeout(10_000)
    const opened: WebSocket[] = []
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols)
        opened.push(this)
      }
    }
    try {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-chat-interface fn="chat_echo"></g-chat-interface></g-app>`)
      const chat = app.querySelector<GChatInterface>('g-chat-interface')!
      await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
      chat.send('slow')
      await until(() => texts(chat).at(-1) === 'assistant: echo slow', 'two words')
      opened[0]!.close(4000, 'the network dropped')
      await until(() => opened.length > 1, 'a new socket')
      await until(() => texts(chat).at(-1)?.endsWith('after 0') === true, 'the whole reply', 8000)
      expect(texts(chat)).to.deep.equal(['user: slow', 'assistant: echo slow after 0'])
    } finally {
      window.WebSocket = NativeWebSocket
    }
  })

  describe('multimodal', () => {
    const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='
    const png = () => new File([Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0))], 'dot.png', { type: 'image/png' })
    const transfer = (...files: File[]) => {
      const data = new DataTransfer()
      files.forEach((file) => data.items.add(file))
      return data
    }
    const chips = (chat: GChatInterface) => [...chat.shadowRoot!.querySelectorAll('[part=attached] li')].map((li) => li.querySelector('.file-name')!.textContent)

    it('attaches dropped and pasted files, sends { text, files } to fn, and shows the images and names in the message', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-chat-interface fn="chat_files" multimodal></g-chat-interface></g-app>`)
      const chat = app.querySelector<GChatInterface>('g-chat-interface')!
      await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
      button(chat, 'Attach')
      const composer = chat.shadowRoot!.querySelector('.composer')!
      const box = chat.shadowRoot!.querySelector('textarea')!
      const over = new DragEvent('dragover', { dataTransfer: transfer(png()), cancelable: true, bubbles: true, composed: true })
      composer.dispatchEvent(over)
      expect(over.defaultPrevented, 'a drag of files may drop').to.equal(true)
      box.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer(png()), cancelable: true, bubbles: true, composed: true }))
      await until(() => chips(chat).length === 1, 'the dropped file')
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer(new File(['hello'], 'note.txt', { type: 'text/plain' })), cancelable: true, bubbles: true }))
      await until(() => chips(chat).length === 2, 'the pasted file')
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer(new File(['x'], 'extra.txt', { type: 'text/plain' })), cancelable: true, bubbles: true }))
      await until(() => chips(chat).length === 3, 'a third file')
      chat.shadowRoot!.querySelector<HTMLElement>('button[aria-label="Remove extra.txt"]')!.click()
      await until(() => chips(chat).join() === 'dot.png,note.txt', 'the file taken off')
      box.value = 'look'
      await pressIn(box, 'Enter')
      expect(chips(chat)).to.deep.equal([])
      const size = atob(PNG).length
      await until(() => chat.value.length === 2, 'the reply')
      expect(chat.value[1]!.content).to.equal(`look: dot.png image/png ${size} data:, note.txt text/plain 5 data:`)
      const sent = chat.value[0]!.content as { text: string; files: Array<{ name: string; url: string }> }
      expect(sent.text).to.equal('look')
      expect(sent.files.map((f) => f.name)).to.deep.equal(['dot.png', 'note.txt'])
      expect(sent.files[0]!.url).to.equal(`data:image/png;base64,${PNG}`)
      const bot = chat.shadowRoot!.querySelector('g-chatbot')!
      await until(() => bot.shadowRoot!.querySelector('[part~=message-user] img') !== null, 'the image in the message')
      const user = bot.shadowRoot!.querySelector('[part~=message-user]')!
      expect(user.querySelector('img')!.getAttribute('alt')).to.equal('dot.png')
      expect(user.textContent).to.contain('note.txt (5 B)')
      clickButton(button(chat, 'Undo'))
      await until(() => chat.value.length === 0, 'the undo')
      expect(box.value).to.equal('look')
      expect(chips(chat)).to.deep.equal(['dot.png', 'note.txt'])
      expect(shownErrors(app)).to.deep.equal([])
    })

    it('sends files without text; refuses files beyond max-file-bytes with an alert', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-chat-interface fn="chat_files" multimodal max-file-bytes="100"></g-chat-interface></g-app>`)
      const chat = app.querySelector<GChatInterface>('g-chat-interface')!
      await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
      const box = chat.shadowRoot!.querySelector('textarea')!
      box.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer(new File(['x'.repeat(101)], 'big.txt')), cancelable: true, bubbles: true, composed: true }))
      await until(() => chat.shadowRoot!.querySelector('[role=alert]') !== null, 'the error')
      expect(chat.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('"big.txt" (101 B) does not fit')
      expect(chips(chat)).to.deep.equal([])
      box.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer(new File(['abc'], 'small.txt')), cancelable: true, bubbles: true, composed: true }))
      await until(() => chips(chat).length === 1, 'the small file')
      expect(chat.shadowRoot!.querySelector('[role=alert]')).to.equal(null)
      chat.send()
      await until(() => chat.value.length === 2, 'the reply')
      expect(chat.value[1]!.content).to.equal('(no text): small.txt  3 data:')
    })

    it('without multimodal, has no Attach button and takes no files', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-chat-interface fn="chat_echo"></g-chat-interface></g-app>`)
      const chat = app.querySelector<GChatInterface>('g-chat-interface')!
      await until(() => chat.shadowRoot?.querySelector('textarea') !== null, 'the box')
      expect(() => button(chat, 'Attach')).to.throw()
      const drop = new DragEvent('drop', { dataTransfer: transfer(png()), cancelable: true, bubbles: true, composed: true })
      chat.shadowRoot!.querySelector('textarea')!.dispatchEvent(drop)
      expect(drop.defaultPrevented).to.equal(false)
      expect(chat.shadowRoot!.querySelector('[part=attached]')).to.equal(null)
    })
  })
})
