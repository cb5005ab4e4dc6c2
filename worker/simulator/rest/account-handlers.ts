import { catalogueEntries, familyOf, taskConvention, type EndpointId } from '../../../protocol/a2e-catalogue/index';
import { priceOf } from './pricing';
import { COINS_PER_DIAMOND, refuse, START_COINS, START_DIAMONDS, type Handler } from './sim-context';
import { presentRecord } from './task-lifecycle';
import { presignUpload } from './uploads';

/** Credits, their history and price quotes, upload URLs, users and tokens of the simulated account. */
export const accountHandlers: Partial<Record<EndpointId, Handler>> = {
  // No task, no charge (ref): the price the start call would cost, from its body's pricing fields.
  'credits.generationQuote': (input, ctx) => {
    const endpoint = String(input.endpoint).replace(/^POST\s+/i, '').trim();
    const start = catalogueEntries().find(({ endpoint: e }) => e.method === 'POST' && e.path === endpoint && e.sim.action === 'create');
    const family = familyOf(endpoint);
    if (!start || !family || !taskConvention(family)) throw refuse(ctx, 400, `Not a generation endpoint: ${endpoint}.`);
    const quote = priceOf(family, (input.requestBody ?? {}) as Record<string, unknown>);
    return { endpoint, credits: quote.credits, unit: quote.unit, quantity: quote.quantity, generationRequestValidated: false };
  },

  // Positive amounts are grants and refunds, negative ones consumption (ref); newest first.
  'credits.transactionRecordCreditsHistory': async (input, ctx) => {
    let rows = (await ctx.store.list('transaction')).map((r) => presentRecord(r, ctx.now));
    if (input.is_consumption === true) rows = rows.filter((r) => Number(r.amount) < 0);
    if (input.is_consumption === false) rows = rows.filter((r) => Number(r.amount) > 0);
    const from = typeof input.startDate === 'string' ? Date.parse(input.startDate) : NaN;
    const to = typeof input.endDate === 'string' ? Date.parse(input.endDate) : NaN;
    if (!Number.isNaN(from)) rows = rows.filter((r) => Date.parse(String(r.createdAt)) >= from);
    if (!Number.isNaN(to)) rows = rows.filter((r) => Date.parse(String(r.createdAt)) <= to);
    const pageNum = Number(input.pageNum ?? 1);
    const pageSize = Number(input.pageSize ?? 10);
    return { rows: rows.slice((pageNum - 1) * pageSize, pageNum * pageSize), count: rows.length };
  },

  'misc.uploadPresignedUrl': presignUpload,
  'misc.getUploadPresignedUrl': presignUpload,

  'account.userRemainingCoins': async (_input, ctx) => ({
    coins: Number(await ctx.store.setting('coins', START_COINS)),
    diamonds: Number(await ctx.store.setting('diamonds', START_DIAMONDS)),
  }),
  'account.userExchangeDiamonds': async (input, ctx) => {
    const diamonds = Number(input.diamonds);
    const left = await ctx.store.adjust('diamonds', START_DIAMONDS, -diamonds);
    if (left === null) throw refuse(ctx, 400, `Not enough diamonds: ${String(await ctx.store.setting('diamonds', START_DIAMONDS))} left.`);
    const coins = await ctx.store.adjust('coins', START_COINS, diamonds * COINS_PER_DIAMOND);
    await ctx.store.create('transaction', { amount: diamonds * COINS_PER_DIAMOND, type: 'exchange', diamonds });
    return { coins, diamonds: left };
  },
  'account.userAdd': async (input, ctx) => {
    const { password: _never, ...fields } = input;
    return presentRecord(await ctx.store.create('user', fields as never), ctx.now);
  },
  // Deprecated upstream in favour of the web app (doc); a token shaped like A2E's (`sk_`).
  'account.tokenGenerate': (input) => ({
    token: `sk_sim_${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
    alias: input.alias ?? null,
  }),
};
