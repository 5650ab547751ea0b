// Every failure leaves the server as JSON `{ error, message }`: a short code for programs and
// a sentence for people. Nothing a handler throws takes the process down.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export type ErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'internal';

export interface ApiErrorBody {
  error: ErrorCode;
  message: string;
  /** Validation problems, one per field, when there are several. */
  issues?: { path: string; message: string }[];
}

export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: ErrorCode, message: string, readonly issues?: ApiErrorBody['issues']) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, issues?: ApiErrorBody['issues']) => new HttpError(400, 'bad-request', message, issues);
export const notFound = (message: string) => new HttpError(404, 'not-found', message);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const unprocessable = (message: string) => new HttpError(422, 'unprocessable', message);

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
};

/** Maps handler errors and Fastify's own (body too large, bad JSON, wrong content type) to JSON. */
export function errorHandler(bodyLimitBytes: number) {
  return (error: FastifyError | HttpError | Error, request: FastifyRequest, reply: FastifyReply): void => handleError(error, request, reply, bodyLimitBytes);
}

function handleError(error: FastifyError | HttpError | Error, request: FastifyRequest, reply: FastifyReply, bodyLimitBytes: number): void {
  if (error instanceof HttpError) {
    const body: ApiErrorBody = { error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) };
    void reply.code(error.statusCode).send(body);
    return;
  }
  const statusCode = (error as FastifyError).statusCode;
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    void reply.code(statusCode).send({ error: CODE_BY_STATUS[statusCode] ?? 'bad-request', message: clientMessage(error as FastifyError, bodyLimitBytes) } satisfies ApiErrorBody);
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply.code(500).send({ error: 'internal', message: error.message || 'internal error' } satisfies ApiErrorBody);
}

function clientMessage(error: FastifyError, bodyLimitBytes: number): string {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return `request body is larger than the limit of ${bodyLimitBytes} bytes`;
  return error.message;
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).send({ error: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` } satisfies ApiErrorBody);
}
