import type { Response } from 'express';

/** Every error response has one shape: {error: {code, message}}. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
