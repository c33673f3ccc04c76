/**
 * The HTTP transport as a library (`import { createApp, startServer } from 'esdh/http'`):
 * mount ESDH's routes in another Koa-based harness, or start the server in-process.
 */
export { createApp, type AppOptions } from './app.js';
export { startServer, type RunningServer, type ServerOptions } from './server.js';
