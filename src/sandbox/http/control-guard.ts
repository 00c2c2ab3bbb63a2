/**
 * The control API can wipe the sandbox, inject faults and mint tokens, so only a program may call it, never a web
 * page the developer happens to visit: every call carries a custom header (a page cannot add one to a cross-origin
 * request without a CORS preflight, which the sandbox never grants), a browser's cross-origin request is refused
 * outright, and writes take JSON only (a plain HTML form can send neither JSON nor the header).
 */
import type { NextFunction, Request, Response } from 'express';

export const CONTROL_HEADER = 'x-sandbox-control';

/** The headers a control call carries: the custom header, and the JSON content type for writes. */
export function controlHeaders(): Record<string, string> {
  return { [CONTROL_HEADER]: '1', 'content-type': 'application/json' };
}

function refuse(res: Response, status: number, error: string, message: string): void {
  res.status(status).json({ error, message });
}

export function controlGuard(req: Request, res: Response, next: NextFunction): void {
  const origin = req.get('origin');
  const own = `${req.protocol}://${req.get('host') ?? ''}`;
  if ((origin !== undefined && origin !== own) || req.get('sec-fetch-site') === 'cross-site') {
    return refuse(res, 403, 'cross_origin', 'The sandbox control API refuses requests from other origins.');
  }
  if (req.get(CONTROL_HEADER) !== '1') {
    return refuse(res, 403, 'missing_header', `The sandbox control API needs the header ${CONTROL_HEADER}: 1.`);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD' && !req.is('application/json')) {
    return refuse(res, 415, 'json_only', 'The sandbox control API takes JSON bodies only (Content-Type: application/json).');
  }
  next();
}
