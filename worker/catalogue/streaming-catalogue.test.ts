import { describe, expect, it } from 'vitest';
import { MAX_CONTEXT_LENGTH } from '../../protocol/broker-api';
import { catalogue, catalogueEntries } from '../../protocol/a2e-catalogue/index';
import { QA_CONTEXT_MAX_LENGTH } from '../../protocol/a2e-catalogue/sections/streaming';
import { streamingEndpoints } from './streaming-endpoints';

/** Paths public clients use that shared/a2e-api.md says are not A2E's. */
const NOT_A2E = ['question', 'ask_question', 'set_qa_context', 'get_qa_context', 'direct-speak', 'speak_directly', 'leave-room', 'leave_room'];

describe('the streaming section of the catalogue (shared/a2e-api.md, "Streaming avatar")', () => {
  it('marks every endpoint, with the page a reader can check it on; get-qa-context alone is `none`', () => {
    for (const [name, endpoint] of Object.entries(catalogue.streaming)) {
      if (name === 'getQaContext') {
        expect(endpoint.confidence).toBe('none');
        continue;
      }
      expect(endpoint.confidence, name).toBe('doc');
      expect(endpoint.source, name).toMatch(/^https:\/\/api\.a2e\.ai\//);
    }
  });

  it('keeps the documented paths and fields, and none of the names that are not A2E’s', () => {
    const { ask, setQaContext, leave } = catalogue.streaming;
    expect(ask.path).toBe('/api/v1/streaming-avatar/ask');
    expect(ask.input.safeParse({ text: 'Why?', channel: 'c' }).success).toBe(true);
    expect(setQaContext.input.safeParse({ channel: 'c', text: 'Facts.' }).success).toBe(true);
    expect(setQaContext.input.safeParse({ channel: 'c', context: 'Facts.' }).success).toBe(false);
    expect(Object.keys(leave.input.shape)).toEqual(['channel']);
    for (const { endpoint } of catalogueEntries()) {
      const last = endpoint.path.split('/').at(-1)!;
      expect(NOT_A2E, endpoint.path).not.toContain(last);
    }
  });

  it('limits the context to A2E’s 5 000 characters, the same number the broker refuses above', () => {
    expect(QA_CONTEXT_MAX_LENGTH).toBe(5_000);
    expect(MAX_CONTEXT_LENGTH).toBe(QA_CONTEXT_MAX_LENGTH);
    const { input } = catalogue.streaming.setQaContext;
    expect(input.safeParse({ channel: 'c', text: 'x'.repeat(5_000) }).success).toBe(true);
    expect(input.safeParse({ channel: 'c', text: 'x'.repeat(5_001) }).success).toBe(false);
  });

  it('gives the broker only what A2E documents: no get-qa-context', () => {
    const paths = Object.values(streamingEndpoints).map((endpoint) => endpoint.path);
    expect(paths).not.toContain(catalogue.streaming.getQaContext.path);
    for (const path of paths) expect(Object.values(catalogue.streaming).map((e) => e.path)).toContain(path);
  });

  it('marks only the avatar list of the streaming section read-only (a token is billed)', () => {
    const readOnly = Object.entries(catalogue.streaming).filter(([, endpoint]) => endpoint.readOnly === true).map(([name]) => name);
    expect(readOnly).toEqual(['listAvatars']);
  });
});
