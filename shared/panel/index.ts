// The panel port and its Pterodactyl implementation.

export { apiRoot, PanelHttp, type PanelRequest, type PanelResponse } from './http.js';
export * from './panel-errors.js';
export { customerExternalId, newUserFields, PterodactylPanel, usernameFor } from './pterodactyl.js';
export type * from './types.js';
