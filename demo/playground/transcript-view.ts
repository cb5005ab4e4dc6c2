/** The conversation as chat bubbles, plus quiet system lines for connects, ends and errors. */
export type Speaker = 'user' | 'avatar' | 'system' | 'error';

export class TranscriptView {
  constructor(
    private readonly list: HTMLOListElement,
    private readonly empty: HTMLElement,
  ) {}

  add(speaker: Speaker, text: string): void {
    const item = document.createElement('li');
    item.className = speaker === 'error' ? 'msg system error' : `msg ${speaker}`;
    item.dataset.role = speaker;
    item.textContent = text;
    // Follow the conversation unless the reader scrolled up to read back.
    const nearBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 120;
    this.list.append(item);
    this.empty.hidden = true;
    if (nearBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  clear(): void {
    this.list.replaceChildren();
    this.empty.hidden = false;
  }
}
