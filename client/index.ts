/**
 * `a2e-avatar/client`: a typed client of the whole A2E API, usable against A2E directly
 * (baseUrl https://video.a2e.ai, token = A2E key) or through the broker (baseUrl = the broker's
 * origin, token = its ADMIN_TOKEN).
 */
export { A2EClient, type A2EClientOptions, type A2EMethods, type CallOptions } from './a2e-client';
export { A2EError, A2ETaskFailedError } from './a2e-error';
export type { TaskRecord, TaskStart, WaitForOptions } from './wait-for';
export { listRows } from './task-readers';
export type { WaitableFamily } from './task-readers';
export {
  catalogue,
  catalogueEntries,
  FAMILIES,
  TASK_FAMILIES,
  type EndpointId,
  type InputOf,
  type ReplyOf,
  type TaskFamilyName,
} from '../protocol/a2e-catalogue/index';
