/**
 * The messages of a `<g-chatbot>`: bubbles, avatars, actions, the typing indicator. Part of a lazy
 * chunk, loaded with the chatbot's first messages (which need the Markdown chunk anyway), and
 * adopted before they show. Plain text, not Lit's `css`, so that the chunk does not pull Lit out
 * of kit.js.
 */
export const chatbotCss = /* css */ `
  .message {
    display: flex;
    align-items: flex-start;
    gap: 0.625rem;
    max-width: min(48rem, 100%);
  }
  .message.user {
    flex-direction: row-reverse;
    align-self: flex-end;
    max-width: min(40rem, 85%);
  }
  .body {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .user .body {
    align-items: flex-end;
  }
  .avatar {
    flex: none;
    width: 2rem;
    height: 2rem;
    border-radius: 50%;
    object-fit: cover;
    background: var(--g-subtle-bg, light-dark(#f6f8fa, #212830));
  }
  .bubble {
    position: relative;
    min-width: 0;
    padding: 0.55rem 0.85rem;
    border-radius: 1rem;
    background: var(--g-chat-assistant-bg, var(--g-subtle-bg, #f6f8fa));
  }
  .user .bubble {
    border-bottom-right-radius: 0.35rem;
    background: var(--g-chat-user-bg, color-mix(in srgb, var(--g-accent, light-dark(#2563eb, #3b82f6)) 14%, var(--g-input-bg, light-dark(#ffffff, #151b23))));
  }
  .other .bubble {
    border-bottom-left-radius: 0.35rem;
  }
  .bubble.titled {
    padding: 0;
    background: none;
    border: 1px solid var(--g-border, light-dark(#d1d9e0, #3d444d));
    border-radius: var(--g-radius, 8px);
  }
  details summary {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.45rem 0.75rem;
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--g-muted, light-dark(#59636e, #9198a1));
    cursor: pointer;
  }
  details > g-markdown {
    padding: 0 0.75rem 0.6rem;
    font-size: 0.9rem;
  }
  .spinner {
    width: 0.8rem;
    height: 0.8rem;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  .image {
    display: block;
    max-width: 100%;
    max-height: 20rem;
    border-radius: 0.5rem;
  }
  .files {
    list-style: none;
    margin: 0.25rem 0 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .file {
    font-size: 0.85em;
    opacity: 0.8;
  }
  .actions {
    display: flex;
    gap: 0.125rem;
    margin-top: 0.125rem;
    opacity: 0.55;
    transition: opacity 0.15s;
  }
  .message:hover .actions,
  .actions:focus-within {
    opacity: 1;
  }
  /* A reply still being written has nothing to copy or judge yet: its place is kept, so nothing moves when it ends. */
  .actions.streaming {
    visibility: hidden;
  }
  .actions button {
    display: grid;
    place-items: center;
    width: 1.75rem;
    height: 1.75rem;
    padding: 0;
    color: var(--g-muted, light-dark(#59636e, #9198a1));
    background: none;
    border: 0;
    border-radius: 0.375rem;
    cursor: pointer;
  }
  .actions button:hover {
    color: var(--g-text, light-dark(#1f2328, #e6edf3));
    background: color-mix(in srgb, currentColor 10%, transparent);
  }
  .actions button:focus-visible {
    outline: 2px solid var(--g-accent, light-dark(#2563eb, #3b82f6));
  }
  .actions button[aria-pressed='true'] {
    color: var(--g-accent, light-dark(#2563eb, #3b82f6));
  }
  [part='dislike'] svg {
    transform: rotate(180deg);
  }
  svg {
    width: 1rem;
    height: 1rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.3;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  [aria-pressed='true'] svg {
    fill: color-mix(in srgb, currentColor 25%, transparent);
  }
  .typing {
    display: flex;
    gap: 0.3rem;
    align-self: flex-start;
    padding: 0.8rem 1rem;
    border-radius: 1rem;
    background: var(--g-chat-assistant-bg, var(--g-subtle-bg, #f6f8fa));
  }
  .typing span {
    width: 0.4rem;
    height: 0.4rem;
    border-radius: 50%;
    background: var(--g-muted, light-dark(#59636e, #9198a1));
    animation: blink 1.2s infinite ease-in-out;
  }
  .typing span:nth-child(2) {
    animation-delay: 0.2s;
  }
  .typing span:nth-child(3) {
    animation-delay: 0.4s;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @keyframes blink {
    0%,
    80%,
    100% {
      opacity: 0.3;
    }
    40% {
      opacity: 1;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner,
    .typing span {
      animation: none;
    }
  }
`
