import { z } from 'zod';
import { endpoint } from '../endpoint';
import { isoDate, noInput, objectId } from '../schemas';

/** Miscellaneous: sub-users, credits, languages, storage. */
export const misc = {
  addUser: endpoint({
    method: 'POST',
    path: '/api/v1/user/add',
    summary: 'Add a user to the account',
    confidence: 'likely',
    input: z.object({ email: z.email(), name: z.string().min(1).optional() }),
    reply: z.looseObject({ _id: objectId, email: z.string(), name: z.string().optional(), createdAt: isoDate }),
    sim: { action: 'create', resource: 'user' },
  }),
  remainingCredits: endpoint({
    method: 'GET',
    path: '/api/v1/user/remainingCoins',
    summary: 'Remaining credits (coins) of the account',
    confidence: 'likely',
    readOnly: true,
    input: noInput,
    reply: z.looseObject({ coins: z.number(), diamonds: z.number().optional() }),
    sim: { action: 'custom' },
  }),
  exchangeDiamonds: endpoint({
    method: 'POST',
    path: '/api/v1/user/exchangeDiamond',
    summary: 'Exchange diamonds for credits',
    confidence: 'likely',
    input: z.object({ diamonds: z.number().int().positive() }),
    reply: z.looseObject({ coins: z.number(), diamonds: z.number() }),
    sim: { action: 'custom' },
  }),
  languages: endpoint({
    method: 'GET',
    path: '/api/v1/anchor/language_list',
    summary: 'List the languages TTS and dubbing support',
    confidence: 'likely',
    readOnly: true,
    input: z.object({ lang: z.string().optional().describe('language of the labels, e.g. "en"') }),
    reply: z.array(z.looseObject({ label: z.string(), value: z.string() })),
    sim: { action: 'custom' },
  }),
  saveUrl: endpoint({
    method: 'POST',
    path: '/api/v1/tos/transferToStorage',
    summary: "Save a file at a URL to A2E's storage (for unstable external URLs)",
    confidence: 'likely',
    input: z.object({ url: z.url() }),
    reply: z.looseObject({ url: z.string() }),
    sim: { action: 'custom' },
  }),
};
