import type { Request, Response } from 'express';
import { ApiError } from '../api-error';
import { faultError, type FaultInjector } from '../faults';
import type { Operation } from '../operations';

/**
 * Applies an injected fault, if one is due for this operation. Returns true when the call is finished (answered
 * with an error, hung, or dropped); a `lose-response` fault lets the call run and cuts the reply instead.
 */
export function applyFault(faults: FaultInjector, op: Operation, req: Request, res: Response): boolean {
  const fault = faults.take(op);
  if (!fault) return false;
  if (fault.fault === 'hang') {
    // Never answer: the request stays open until the client gives up or the sandbox closes.
    return true;
  }
  if (fault.fault === 'drop') {
    req.socket.destroy();
    return true;
  }
  if (fault.fault === 'lose-response') {
    res.locals.loseResponse = true;
    return false;
  }
  sendError(res, faultError(fault)!);
  return true;
}

export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.locals.loseResponse) {
    res.socket?.destroy();
    return;
  }
  res.status(status).set({ 'Content-Type': 'application/json; charset=UTF-8', ...headers }).send(JSON.stringify(body));
}

export function sendError(res: Response, e: unknown): void {
  if (e instanceof ApiError) {
    sendJson(res, e.httpCode, e.toBody(), e.headers);
    return;
  }
  console.error('[sandbox] unexpected error', e);
  sendJson(res, 500, new ApiError('INTERNAL', 'Internal error encountered.').toBody());
}
