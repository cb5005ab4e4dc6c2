import { z } from 'zod';
import { endpoint } from '../endpoint';
import { byId, deleted, isoDate, noInput, objectId, page, paging, task } from '../schemas';

const faceImage = z.looseObject({ _id: objectId, face_url: z.string(), createdAt: isoDate });
const swapTask = task({ name: z.string(), face_url: z.string(), video_url: z.string() });
const preview = task({ face_url: z.string(), video_url: z.string() });

/** Face swap: face images, quick previews and swap tasks. */
export const faceSwap = {
  addFace: endpoint({
    method: 'POST',
    path: '/api/v1/userFaceSwapImage/add',
    summary: 'Add a face image',
    confidence: 'seen',
    input: z.object({ face_url: z.url() }),
    reply: faceImage,
    sim: { action: 'create', resource: 'faceImage' },
  }),
  listFaces: endpoint({
    method: 'GET',
    path: '/api/v1/userFaceSwapImage/records',
    summary: 'List face images',
    confidence: 'seen',
    readOnly: true,
    input: noInput,
    reply: z.array(faceImage),
    sim: { action: 'list', resource: 'faceImage', paged: false },
  }),
  deleteFace: endpoint({
    method: 'DELETE',
    path: '/api/v1/userFaceSwapImage/{_id}',
    summary: 'Delete a face image',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'faceImage' },
  }),
  addPreview: endpoint({
    method: 'POST',
    path: '/api/v1/userFaceSwapPreview/add',
    summary: 'Start a quick face-swap preview',
    confidence: 'likely',
    input: z.object({ face_url: z.url(), video_url: z.url() }),
    reply: preview,
    sim: { action: 'create', resource: 'faceSwapPreview' },
  }),
  previewStatus: endpoint({
    method: 'GET',
    path: '/api/v1/userFaceSwapPreview/status',
    summary: 'Status of a quick preview',
    confidence: 'likely',
    input: byId,
    reply: preview,
    sim: { action: 'get', resource: 'faceSwapPreview' },
  }),
  addTask: endpoint({
    method: 'POST',
    path: '/api/v1/userFaceSwapTask/add',
    summary: 'Start a face-swap task',
    confidence: 'seen',
    input: z.object({ name: z.string().min(1), face_url: z.url(), video_url: z.url() }),
    reply: swapTask,
    sim: { action: 'create', resource: 'faceSwap' },
  }),
  taskStatus: endpoint({
    method: 'GET',
    path: '/api/v1/userFaceSwapTask/{_id}',
    summary: 'Status of a face-swap task',
    confidence: 'seen',
    input: byId,
    reply: swapTask,
    sim: { action: 'get', resource: 'faceSwap' },
  }),
  taskRecords: endpoint({
    method: 'GET',
    path: '/api/v1/userFaceSwapTask/records',
    summary: 'Face-swap task records (paged)',
    confidence: 'likely',
    readOnly: true,
    input: paging,
    reply: page(swapTask),
    sim: { action: 'list', resource: 'faceSwap', paged: true },
  }),
  taskDetail: endpoint({
    method: 'GET',
    path: '/api/v1/userFaceSwapTask/detail',
    summary: 'Details of a face-swap task',
    confidence: 'likely',
    input: byId,
    reply: swapTask,
    sim: { action: 'get', resource: 'faceSwap' },
  }),
  deleteTask: endpoint({
    method: 'DELETE',
    path: '/api/v1/userFaceSwapTask/{_id}',
    summary: 'Delete a face-swap task',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'faceSwap' },
  }),
};
