import type { Engine } from '../../../../engine/index.js';
import { readDemoState } from './state-files.js';

/** The URL of the demo server if one left its port file, else the configured one. */
export function demoApiUrl(engine: Engine): string {
  const state = readDemoState(engine.config.baseDir);
  return apiUrl(engine.config.api.host, state?.port ?? engine.config.api.port);
}

/** `http://host:port`, with an IPv6 host in brackets. */
export function apiUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
